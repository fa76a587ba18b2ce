// claimcheck init [DIR]: a small, commented, working example to start from; never overwrites a file.
import type { Command } from 'commander';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { displayPath } from '../../files.js';
import { EXAMPLE_CLAIMS, EXAMPLE_EVIDENCE } from '../example.js';
import { EXIT } from '../exit.js';
import type { CliIo } from '../io.js';
import type { GlobalOptions } from '../options.js';

export function declareInit(program: Command, io: CliIo): void {
  program
    .command('init')
    .description('create claims/ and evidence/ with a small, commented, working example')
    .argument('[dir]', 'where to create them', '.')
    .action((dir: string, _opts, cmd: Command) => {
      io.exitCode = runInit(dir, io, cmd.optsWithGlobals());
    });
}

export function runInit(dir: string, io: CliIo, opts: GlobalOptions = {}): number {
  const root = path.resolve(io.cwd, dir);
  const files = [
    [path.join(root, 'claims', 'example.yaml'), EXAMPLE_CLAIMS],
    [path.join(root, 'evidence', 'example.csv'), EXAMPLE_EVIDENCE],
  ] as const;
  const existing = files.filter(([f]) => existsSync(f));
  if (existing.length) {
    for (const [f] of existing) io.stderr(`${displayPath(f, io.cwd)}: error: already exists; init never overwrites a file\n`);
    io.stderr('  hint: run init in an empty directory, or move these files away\n');
    return EXIT.input;
  }
  for (const [f, text] of files) {
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, text, { flag: 'wx' });
    if (!opts.quiet) io.stderr(`created ${displayPath(f, io.cwd)}\n`);
  }
  const rel = displayPath(root, io.cwd);
  io.stdout(`Next: ${rel === '.' ? '' : `cd ${rel} && `}claimcheck audit\n`);
  return EXIT.ok;
}
