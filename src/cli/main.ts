// The command line: declares the commands (one file each under commands/, with its options beside
// its handler), parses arguments, and turns what a command returns or throws into the exit code.
// Everything else is the library; each command loads the library only when it runs.
import { Command, CommanderError } from 'commander';
import { TOOL } from '../version.js';
import { declareAudit } from './commands/audit.js';
import { declareDiff } from './commands/diff.js';
import { declareDraft } from './commands/draft.js';
import { declareExplain } from './commands/explain.js';
import { declareInit } from './commands/init.js';
import { declareSql } from './commands/sql.js';
import { declareValidate } from './commands/validate.js';
import { EXIT, UsageError } from './exit.js';
import type { CliIo } from './io.js';

export { useColor, type CliIo } from './io.js';

export function buildProgram(io: CliIo): Command {
  const program = new Command('claimcheck')
    .description('Hold quantitative claims up against published evidence: match claims to data, compute the observed change, give each claim a verdict, write audit reports.')
    .version(TOOL.version, '-V, --version', 'print the version')
    .option('--debug', 'print stack traces of internal errors')
    .option('-q, --quiet', 'no progress bar, status lines or notes on stderr (errors and warnings are still printed)')
    .option('--color', 'colour the terminal output even when it is not a terminal (as FORCE_COLOR=1)')
    .option('--no-color', 'no colour, even on a terminal (as NO_COLOR=1)')
    .option('--config <file>', 'the project config file (default: claimcheck.yaml in the working directory or the nearest one above it, up to the repository root); options given on the command line override it')
    .option('--no-config', 'read no project config file')
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      // A usage error in the one documented form: one line, `claimcheck: message`, saying where to look.
      outputError: (s, write) => write(`claimcheck: ${s.replace(/^error: /, '').replace(/\s+$/, '').replace(/\n/g, ' ')} (see 'claimcheck --help')\n`),
    })
    .exitOverride();
  // --color / --no-color, wherever they stand on the line, reach every command's output through io.
  program.hook('preAction', (_program, action) => {
    const color = action.optsWithGlobals().color as boolean | undefined;
    if (color !== undefined) io.color = color;
  });
  for (const declare of [declareAudit, declareDiff, declareValidate, declareDraft, declareExplain, declareSql, declareInit]) declare(program, io);
  return program;
}

export async function main(argv: string[], io?: Partial<CliIo>): Promise<number> {
  const cli: CliIo = {
    cwd: process.cwd(),
    env: process.env,
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    ...(process.stdout.columns ? { stdoutColumns: process.stdout.columns } : {}),
    ...(process.stderr.columns ? { stderrColumns: process.stderr.columns } : {}),
    ...(argv[1] ? { launcher: argv[1] } : {}),
    exitCode: EXIT.ok,
    ...io,
  };
  const program = buildProgram(cli);
  try {
    await program.parseAsync(argv);
    return cli.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version asked for are successes; no command at all, and every other commander error, is a usage error.
      if (e.code === 'commander.help') return argv.length > 2 ? EXIT.ok : EXIT.input;
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT.ok : EXIT.input;
    }
    if (e instanceof UsageError) {
      cli.stderr(`claimcheck: ${e.message}\n`);
      return EXIT.input;
    }
    // A selector that reached the library unchecked (the command line checks its own as it parses them).
    if (e instanceof Error && e.name === 'SelectorError') {
      cli.stderr(`claimcheck: ${e.message}; ${(e as Error & { hint: string }).hint}\n`);
      return EXIT.input;
    }
    cli.stderr(`claimcheck: internal error: ${e instanceof Error ? e.message : String(e)}\n  this is a bug in claimcheck; please report it with the command you ran${argv.includes('--debug') ? '' : ' (--debug prints the stack)'}\n`);
    if (argv.includes('--debug') && e instanceof Error && e.stack) cli.stderr(`${e.stack}\n`);
    return EXIT.input;
  }
}
