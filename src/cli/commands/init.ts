// claimcheck init [DIR]: a small, commented, working example to start from; never overwrites a file.
import type { Command } from 'commander';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES } from '../../config/load.js';
import { displayPath } from '../../files.js';
import { EXAMPLE_CLAIMS, EXAMPLE_CONFIG, EXAMPLE_EVIDENCE } from '../example.js';
import { EXIT } from '../exit.js';
import { commandFrom, schemaFrom } from '../launcher.js';
import type { CliIo } from '../io.js';
import type { GlobalOptions } from '../options.js';

export function declareInit(program: Command, io: CliIo): void {
  program
    .command('init')
    .description('create claims/, evidence/ and claimcheck.yaml with a small, commented, working example')
    .argument('[dir]', 'where to create them', '.')
    .action((dir: string, _opts, cmd: Command) => {
      io.exitCode = runInit(dir, io, cmd.optsWithGlobals());
    });
}

export function runInit(dir: string, io: CliIo, opts: GlobalOptions = {}): number {
  const root = path.resolve(io.cwd, dir);
  // The schema each file names, for editors (VS Code's YAML extension and others).
  const files = [
    [path.join(root, 'claims', 'example.yaml'), EXAMPLE_CLAIMS, 'claims'],
    [path.join(root, 'evidence', 'example.csv'), EXAMPLE_EVIDENCE, undefined],
    [path.join(root, CONFIG_FILE_NAMES[0]!), EXAMPLE_CONFIG, 'config'],
  ] as const;
  // A project config under its other name is a config all the same: init never writes a second one.
  // Any config name counts: a claimcheck.yml beside a new claimcheck.yaml would be two configs.
  const existing = [...new Set([...files.map(([f]) => f), ...CONFIG_FILE_NAMES.map((n) => path.join(root, n))])].filter((f) => existsSync(f));
  if (existing.length) {
    for (const f of existing) io.stderr(`${displayPath(f, io.cwd)}: error: already exists; init never overwrites a file\n`);
    io.stderr('  hint: run init in an empty directory, or move these files away\n');
    return EXIT.input;
  }
  for (const [f, text, schemaName] of files) {
    mkdirSync(path.dirname(f), { recursive: true });
    const schema = schemaName && io.launcher ? schemaFrom(path.dirname(f), io.launcher, schemaName) : undefined;
    const content = schema ? `# yaml-language-server: $schema=${schema}\n${text}` : text;
    writeFileSync(f, content, { flag: 'wx' });
    if (!opts.quiet) io.stderr(`created ${displayPath(f, io.cwd)}\n`);
  }
  // The next step, as a command that works here: how this claimcheck was started decides it.
  const rel = displayPath(root, io.cwd);
  const command = io.launcher ? commandFrom(root, io.launcher, io.env) : 'claimcheck';
  io.stdout(`Next: ${rel === '.' ? '' : `cd ${rel} && `}${command} audit\n`);
  return EXIT.ok;
}
