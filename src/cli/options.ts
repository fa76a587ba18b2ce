// Option parsers and the options several commands share. Each command declares its own options
// beside its handler (commands/*.ts); what two commands take alike is declared once here.
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { AuditOptions } from '../audit.js';
import type { ConfigChoice, ResolvedRun } from '../config/load.js';
import type { RunOptions } from '../config/read.js';
// Only the value checks are loaded at start-up: reading a config waits until a command runs.
import { asOfProblem, parseToleranceText, TOLERANCE_EXPECTED } from '../config/values.js';
import type { AggregateEngine } from '../evidence/interpret/descriptor.js';
import { DEFAULT_CLAIMS_PATHS, DEFAULT_EVIDENCE_PATHS, DEFAULT_TOLERANCE } from '../defaults.js';
import { DEFAULT_MAX_AGGREGATE_BYTES, DEFAULT_MAX_CSV_BYTES, DEFAULT_MAX_YAML_BYTES, formatBytes, parseByteSize } from '../files.js';
import { parseSelectors, SelectorError } from '../select.js';
import type { CliIo } from './io.js';

export interface GlobalOptions {
  quiet?: boolean;
  /** --config FILE, or --no-config (false); undefined: claimcheck.yaml found from the working directory. */
  config?: ConfigChoice;
}

/** The options of the commands that read claims and evidence (audit, explain). */
export interface InputOptions extends GlobalOptions {
  claims?: string[];
  evidence?: string[];
  asOf?: string;
  /** Undefined: the config's, else DEFAULT_TOLERANCE (no commander default, so the config is not overridden unasked). */
  tolerance?: number;
  /** --max-file-size, in bytes; undefined: each kind's default. */
  maxFileSize?: number;
  /** --engine: who aggregates incident-level files. */
  engine?: AggregateEngine;
  /** --select / --exclude, each occurrence as given (commas split in the library). */
  select?: string[];
  exclude?: string[];
}

function parseTolerance(value: string): number {
  const n = parseToleranceText(value);
  if (n === undefined) throw new InvalidArgumentError(TOLERANCE_EXPECTED);
  return n;
}

function parseAsOf(value: string): string {
  const problem = asOfProblem(value);
  if (problem) throw new InvalidArgumentError(problem);
  return value;
}

export function parseMaxFileSize(value: string): number {
  const n = parseByteSize(value);
  if (n === undefined) throw new InvalidArgumentError('expected a size in bytes, or with K, M or G (powers of 1024), e.g. 50MB');
  return n;
}

export const MAX_FILE_SIZE_HELP = `largest input file read, e.g. 50MB or 1G (default: ${formatBytes(DEFAULT_MAX_YAML_BYTES).replace(' ', '')} for claims and other YAML, ${formatBytes(DEFAULT_MAX_CSV_BYTES).replace(' ', '')} for evidence CSV, ${formatBytes(DEFAULT_MAX_AGGREGATE_BYTES).replace(' ', '')} for incident-level CSV streamed by aggregate:)`;

export function parseChoice(value: string, choices: readonly string[]): string {
  if (!choices.includes(value)) throw new InvalidArgumentError(`Allowed choices are ${choices.join(', ')}.`);
  return value;
}

/** For repeatable options: each occurrence adds to the list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Default directories as help text shows them: `claims/ evidence/`. */
export function shownDirs(paths: readonly string[]): string {
  return paths.map((p) => `${p}/`).join(' ');
}

/** Each --select / --exclude adds to the list; a selector the library cannot read is a usage error here, before anything is read. */
function collectSelectors(value: string, previous: string[] | undefined): string[] {
  try {
    parseSelectors([value]);
  } catch (e) {
    if (e instanceof SelectorError) throw new InvalidArgumentError(`${e.message}; ${e.hint}`);
    throw e;
  }
  return [...(previous ?? []), value];
}

/** --select / --exclude: which claims a run judges (audit, explain, validate). */
export function withSelection(cmd: Command): Command {
  return cmd
    .option('-s, --select <selector>', "judge only the claims selected: a claim id glob ('lahore-*'), or tag:, claimant:, region:, metric: or kind: and a glob (repeatable, or comma-separated: a union)", collectSelectors)
    .option('--exclude <selector>', 'leave out the claims selected, as --select takes them (repeatable, or comma-separated)', collectSelectors);
}

/** The input options of audit and explain. */
export function withInputs(cmd: Command): Command {
  cmd
    .option('-c, --claims <path...>', `claims YAML files or directories (default: ${shownDirs(DEFAULT_CLAIMS_PATHS)})`)
    .option('-e, --evidence <path...>', `evidence CSV files or directories (default: ${shownDirs(DEFAULT_EVIDENCE_PATHS)})`)
    .option('--as-of <date>', 'judge forecasts as of this date (YYYY-MM-DD); without it, a forecast whose target the evidence does not reach yet is pending', parseAsOf)
    .option('-t, --tolerance <pp>', `tolerance in percentage points for changes, in percent of the claimed value for levels (default: ${DEFAULT_TOLERANCE})`, parseTolerance)
    .option('--max-file-size <size>', MAX_FILE_SIZE_HELP, parseMaxFileSize)
    .addOption(engineOption());
  return withSelection(cmd);
}

/** --engine: who counts incident-level files (audit, explain, validate). */
export function engineOption(): Option {
  return new Option('--engine <engine>', "who counts incident-level files (aggregate:): builtin, or duckdb (installed separately: npm install --no-save @duckdb/node-api); default: each descriptor's engine:, else builtin").choices(['builtin', 'duckdb']);
}

/** The settings a command's input options can give, named alike on the command line, in the run and in the library's options. */
const INPUT_KEYS = ['claims', 'evidence', 'tolerance', 'asOf', 'maxFileSize', 'engine', 'select', 'exclude'] as const;

/** The fields of `source` named in `keys` that are set: an option not given is left out, not passed as undefined. */
export function pickSet<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k];
  return out;
}

/** What the input options typed on the command line say, for laying over the project config. */
export function inputsSaid(opts: InputOptions): RunOptions {
  return pickSet(opts, INPUT_KEYS);
}

/**
 * The run: the project config (claimcheck.yaml, or --config FILE) with the command line laid over it.
 * A config with errors is said on stderr, and the run is refused (undefined: exit 2).
 */
export async function resolveRunOrSay(opts: GlobalOptions, said: RunOptions, io: CliIo): Promise<ResolvedRun | undefined> {
  const [{ resolveRun }, { printFindings }] = await Promise.all([import('../config/load.js'), import('./print.js')]);
  // The config's errors are named from the project root, as every other input's are (and validate's).
  const { run, findings } = await resolveRun(io.cwd, opts.config, said, { fromRoot: true });
  if (run) {
    printFindings(findings, io, undefined, opts.quiet);
    return run;
  }
  printFindings(findings, io);
  io.stderr("nothing was run: fix the config file ('claimcheck validate' lists its errors too; --no-config leaves it out)\n");
  return undefined;
}

/** The library's audit options for a run. */
export function auditOptionsFrom(run: ResolvedRun): AuditOptions {
  return { cwd: run.root, ...pickSet(run, [...INPUT_KEYS, 'selectionAt', 'configFile']), tolerance: run.tolerance ?? DEFAULT_TOLERANCE };
}
