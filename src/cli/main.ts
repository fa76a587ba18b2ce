// The command line: declares commands, parses arguments, prints, and sets the exit code.
// Everything else is the library; each command imports what it needs only when it runs.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_MAX_AGGREGATE_BYTES, DEFAULT_MAX_CSV_BYTES, DEFAULT_MAX_YAML_BYTES, formatBytes, parseByteSize } from '../files.js';
import { DIFF_FORMATS, FORMATS, type Format } from '../report/formats.js';
import { TOOL } from '../version.js';
import { EXIT, UsageError } from './exit.js';
import type { OutputArg } from './outputs.js';

function parseTolerance(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number of percentage points ≥ 0, e.g. 0.5');
  return n;
}

function parseAsOf(value: string): string {
  const m = value.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  const d = m ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) throw new InvalidArgumentError('expected a date YYYY-MM-DD, e.g. 2026-01-01');
  return value;
}

function parseMaxFileSize(value: string): number {
  const n = parseByteSize(value);
  if (n === undefined) throw new InvalidArgumentError('expected a size in bytes, or with K, M or G (powers of 1024), e.g. 50MB');
  return n;
}

const MAX_FILE_SIZE_HELP = `largest input file read, e.g. 50MB or 1G (default: ${formatBytes(DEFAULT_MAX_YAML_BYTES).replace(' ', '')} for claims and other YAML, ${formatBytes(DEFAULT_MAX_CSV_BYTES).replace(' ', '')} for evidence CSV, ${formatBytes(DEFAULT_MAX_AGGREGATE_BYTES).replace(' ', '')} for incident-level CSV streamed by aggregate:)`;

function parseChoice(value: string, choices: readonly string[]): string {
  if (!choices.includes(value)) throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
  return value;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function buildProgram(io: CliIo): Command {
  const program = new Command('claimcheck')
    .description('Hold quantitative claims up against published evidence: match claims to data, compute the observed change, give each claim a verdict, write audit reports.')
    .version(TOOL.version, '-V, --version', 'print the version')
    .option('--debug', 'print stack traces of internal errors')
    .option('-q, --quiet', 'no progress bar, status lines or notes on stderr (errors and warnings are still printed)')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .exitOverride();

  const withInputs = (cmd: Command) =>
    cmd
      .option('-c, --claims <path...>', 'claims YAML files or directories (default: claims/)')
      .option('-e, --evidence <path...>', 'evidence CSV files or directories (default: evidence/)')
      .option('--as-of <date>', 'judge forecasts as of this date (YYYY-MM-DD); without it, a forecast whose target the evidence does not reach yet is pending', parseAsOf)
      .option('-t, --tolerance <pp>', 'tolerance in percentage points for changes, in percent of the claimed value for levels', parseTolerance, 0.5)
      .option('--max-file-size <size>', MAX_FILE_SIZE_HELP, parseMaxFileSize);

  // --format and --out may repeat; their order pairs them, so it is recorded as commander reads them.
  const outputs: OutputArg[] = [];
  withInputs(program.command('audit'))
    .description('audit every claim against the evidence and print or write reports')
    .option(
      '-f, --format <format>',
      `report format: ${FORMATS.join(', ')} (default: terminal); repeat as --format F1 --out FILE1 --format F2 --out FILE2 for several reports`,
      (value: string) => {
        const format = parseChoice(value, FORMATS) as Format;
        outputs.push({ kind: 'format', value: format });
        return format;
      },
    )
    .option('-o, --out <file>', 'write the report of the --format before it to this file (atomically) instead of stdout', (value: string) => {
      outputs.push({ kind: 'out', value });
      return value;
    })
    .option('--charts <dir>', 'with --format md: write one SVG chart per claim into this directory and link it from the report (--format html has its charts inline)')
    .option('--fail-on <list>', "exit 1 when any claim gets one of these verdicts, or with 'findings' when there is any warning (comma-separated, repeatable)", collect)
    .option('--baseline <report>', 'a JSON report of an earlier audit: list the claims whose verdict, observed value or gap changed since')
    .addOption(
      new Option('--fail-on-change [which]', 'with --baseline: exit 1 when a verdict changed, or with =worse only when one got worse (docs/methods.md: Verdict order)')
        .choices(['any', 'worse'])
        .preset('any'),
    )
    .option('--publisher <name>', 'claimreview: who publishes the review (its author)')
    .addOption(new Option('--publisher-type <type>', 'claimreview: the publisher is an organization or a person').choices(['organization', 'person']).default('organization'))
    .option('--publisher-url <url>', "claimreview: the publisher's web site")
    .option('--review-url <template>', 'claimreview: the URL of each review; {id} is replaced by the claim id (e.g. https://example.org/audit#{id})')
    .action(async (_opts, cmd: Command) => {
      const { runAudit } = await import('./commands.js');
      io.exitCode = await runAudit({ ...cmd.optsWithGlobals(), outputs }, io);
    });

  program
    .command('diff')
    .description('compare two JSON reports: the claims whose verdict, observed value or gap changed, and the inputs that changed')
    .argument('<old>', 'the earlier JSON report')
    .argument('<new>', 'the later JSON report')
    .addOption(new Option('-f, --format <format>', 'diff format').choices(DIFF_FORMATS).default('terminal'))
    .option('-o, --out <file>', 'write the diff to this file (atomically) instead of stdout')
    .addOption(
      new Option('--fail-on-change [which]', 'exit 1 when a verdict changed, or with =worse only when one got worse').choices(['any', 'worse']).preset('any'),
    )
    .action(async (before: string, after: string, _opts, cmd: Command) => {
      const { runDiff } = await import('./commands.js');
      io.exitCode = runDiff(before, after, cmd.optsWithGlobals(), io);
    });

  program
    .command('validate')
    .description('check claims and evidence files and report every problem at once')
    .argument('[paths...]', 'claims (.yaml) and evidence (.csv) files or directories (default: claims/ evidence/)')
    .option('--max-file-size <size>', MAX_FILE_SIZE_HELP, parseMaxFileSize)
    .action(async (paths: string[], _opts, cmd: Command) => {
      const { runValidate } = await import('./commands.js');
      io.exitCode = await runValidate(paths, io, cmd.optsWithGlobals());
    });

  program
    .command('draft')
    .description('find the quantitative claims in articles (text, Markdown, HTML, PDF) and draft a claims file to review')
    .argument('<files...>', 'the documents to read: .txt, .md, .html or .pdf')
    .option('-e, --evidence <path...>', 'evidence files or directories whose regions, metrics and taxonomy the claims are matched against')
    .option('-o, --out <file>', 'write the drafted claims to this new claims file (it must not exist, unless --merge)')
    .option('--merge', 'with --out: add to the existing claims file only the claims whose quote is new')
    .addOption(new Option('-f, --format <format>', 'what to print: the claims with their quotes (terminal), the same as JSON, or the claims file (yaml)').choices(['terminal', 'json', 'yaml']).default('terminal'))
    .option('--max-file-size <size>', 'largest document read, e.g. 50MB (default: 50MB)', parseMaxFileSize)
    .action(async (files: string[], _opts, cmd: Command) => {
      const { runDraft } = await import('./draft.js');
      io.exitCode = await runDraft(files, cmd.optsWithGlobals(), io);
    });

  withInputs(program.command('explain'))
    .description("show one claim's computation step by step, with the evidence rows it used")
    .argument('<id>', 'the claim id')
    .action(async (id: string, _opts, cmd: Command) => {
      const { runExplain } = await import('./commands.js');
      io.exitCode = await runExplain(id, cmd.optsWithGlobals(), io);
    });

  program
    .command('init')
    .description('create claims/ and evidence/ with a small, commented, working example')
    .argument('[dir]', 'where to create them', '.')
    .action(async (dir: string, _opts, cmd: Command) => {
      const { runInit } = await import('./commands.js');
      io.exitCode = runInit(dir, io, cmd.optsWithGlobals());
    });

  return program;
}

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  exitCode: number;
  /** How long a read runs before the progress bar appears (tests set 0). */
  progressDelayMs?: number;
}

/** Colour only on a terminal, never with NO_COLOR; FORCE_COLOR forces it. */
export function useColor(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

export async function main(argv: string[], io?: Partial<CliIo>): Promise<number> {
  const cli: CliIo = {
    cwd: process.cwd(),
    env: process.env,
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
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
    cli.stderr(`claimcheck: internal error: ${e instanceof Error ? e.message : String(e)}\n  this is a bug in claimcheck; please report it with the command you ran${argv.includes('--debug') ? '' : ' (--debug prints the stack)'}\n`);
    if (argv.includes('--debug') && e instanceof Error && e.stack) cli.stderr(`${e.stack}\n`);
    return EXIT.input;
  }
}
