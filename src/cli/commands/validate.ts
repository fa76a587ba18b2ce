// claimcheck validate [PATH...]: read claims and evidence as an audit would and list every problem.
import type { Command } from 'commander';
import path from 'node:path';
import { DEFAULT_CLAIMS_PATHS, DEFAULT_EVIDENCE_PATHS } from '../../defaults.js';
import { EXIT } from '../exit.js';
import { progressFor, type CliIo } from '../io.js';
import { engineOption, MAX_FILE_SIZE_HELP, parseMaxFileSize, pickSet, shownDirs, withSelection, type GlobalOptions, type InputOptions } from '../options.js';

/** The input options validate takes (claims and evidence are its own arguments; tolerance and as-of judge nothing here). */
const VALIDATE_KEYS = ['maxFileSize', 'engine', 'select', 'exclude'] as const;

export function declareValidate(program: Command, io: CliIo): void {
  withSelection(program.command('validate'))
    .description('check claims and evidence files and report every problem at once')
    .argument('[paths...]', `claims (.yaml) and evidence (.csv) files or directories (default: ${shownDirs([...DEFAULT_CLAIMS_PATHS, ...DEFAULT_EVIDENCE_PATHS])})`)
    .option('--max-file-size <size>', MAX_FILE_SIZE_HELP, parseMaxFileSize)
    .addOption(engineOption())
    .action(async (paths: string[], _opts, cmd: Command) => {
      io.exitCode = await runValidate(paths, io, cmd.optsWithGlobals());
    });
}

export async function runValidate(paths: string[], io: CliIo, opts: GlobalOptions & Pick<InputOptions, (typeof VALIDATE_KEYS)[number]> = {}): Promise<number> {
  const [{ validate }, { hasErrors }, { plural }, { printFindings }, { selectionText }, { mergeOptions, projectRoot, resolveRun }] = await Promise.all([
    import('../../validate.js'),
    import('../../audit.js'),
    import('../../format.js'),
    import('../print.js'),
    import('../../report/describe.js'),
    import('../../config/load.js'),
  ]);
  // The inputs validate takes from the command line (its paths are its own arguments).
  const said = pickSet(opts, VALIDATE_KEYS);
  // validate checks the config too, with the rest; a config with errors still names what to check.
  // It is read once, here, named from the project root as validate names every file, and handed on.
  const resolved = await resolveRun(io.cwd, opts.config, said, { fromRoot: true });
  const merged = resolved.run ?? mergeOptions(resolved.config, said, io.cwd);
  // The config chosen, found or named, even one that could not be read: its error is said here, with the rest.
  const configFile = merged.configFile ?? resolved.file;
  // One that could not be read names no paths: the default claims/ and evidence/ are checked in its
  // project, as they would be beside a config that named none, not in the sub-directory run from.
  const run = configFile && !resolved.config ? { ...merged, root: projectRoot(path.dirname(configFile), io.cwd) } : merged;
  const bar = progressFor(opts, io);
  const result = await validate({
    paths: paths.map((p) => path.resolve(io.cwd, p)),
    ...pickSet(run, ['claims', 'evidence', ...VALIDATE_KEYS, 'selectionAt']),
    // resolveRun read configFile (or failed to, and said why) whenever there is one.
    ...(configFile ? { config: configFile, loadedConfig: resolved } : {}),
    cwd: run.root,
    ...(bar ? { onProgress: (p) => bar.update(p) } : {}),
  }).finally(() => bar?.clear());
  printFindings(result.findings, io, undefined, opts.quiet);
  const summary = `checked ${plural(result.files, 'file')}: ${plural(result.claims, 'valid claim')}, ${plural(result.observations, 'observation')} in ${plural(result.series, 'series', 'series')}${result.selection ? `; ${selectionText(result.selection, result.claims)}` : ''}`;
  if (hasErrors(result.findings)) {
    io.stderr(`${summary}; invalid\n`);
    return EXIT.input;
  }
  io.stdout(`${summary}; valid\n`);
  return EXIT.ok;
}
