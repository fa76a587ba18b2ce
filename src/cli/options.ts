// Option parsers and the options several commands share. Each command declares its own options
// beside its handler (commands/*.ts); what two commands take alike is declared once here.
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { AggregateEngine } from '../evidence/interpret/descriptor.js';
import { MAX_YEAR, MIN_YEAR } from '../period.js';
import type { AuditOptions } from '../audit.js';
import { DEFAULT_CLAIMS_PATHS, DEFAULT_EVIDENCE_PATHS, DEFAULT_TOLERANCE } from '../defaults.js';
import { DEFAULT_MAX_AGGREGATE_BYTES, DEFAULT_MAX_CSV_BYTES, DEFAULT_MAX_YAML_BYTES, formatBytes, parseByteSize } from '../files.js';
import { parseSelectors, SelectorError } from '../select.js';
import type { CliIo } from './io.js';

export interface GlobalOptions {
  quiet?: boolean;
}

/** The options of the commands that read claims and evidence (audit, explain). */
export interface InputOptions extends GlobalOptions {
  claims?: string[];
  evidence?: string[];
  asOf?: string;
  tolerance: number;
  /** --max-file-size, in bytes; undefined: each kind's default. */
  maxFileSize?: number;
  /** --engine: who aggregates incident-level files. */
  engine?: AggregateEngine;
  /** --select / --exclude, each occurrence as given (commas split in the library). */
  select?: string[];
  exclude?: string[];
}

function parseTolerance(value: string): number {
  // Decimal only: Number() would read 0x10 as 16, 1e3 as 1000 and 0b1 as 1.
  const n = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number of percentage points ≥ 0, e.g. 0.5');
  return n;
}

function parseAsOf(value: string): string {
  const m = value.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  const d = m ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) throw new InvalidArgumentError('expected a date YYYY-MM-DD, e.g. 2026-01-01');
  const year = Number(m![1]);
  if (year < MIN_YEAR || year > MAX_YEAR) throw new InvalidArgumentError(`expected a date in the years ${MIN_YEAR}–${MAX_YEAR}, e.g. 2026-01-01`);
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
    .option('-t, --tolerance <pp>', 'tolerance in percentage points for changes, in percent of the claimed value for levels', parseTolerance, DEFAULT_TOLERANCE)
    .option('--max-file-size <size>', MAX_FILE_SIZE_HELP, parseMaxFileSize)
    .addOption(engineOption());
  return withSelection(cmd);
}

/** --engine: who counts incident-level files (audit, explain, validate). */
export function engineOption(): Option {
  return new Option('--engine <engine>', "who counts incident-level files (aggregate:): builtin, or duckdb (installed separately: npm install --no-save @duckdb/node-api); default: each descriptor's engine:, else builtin").choices(['builtin', 'duckdb']);
}

/** The library's audit options from the command line's. */
export function auditOptionsFrom(opts: InputOptions, io: CliIo): AuditOptions {
  return {
    cwd: io.cwd,
    ...(opts.claims ? { claims: opts.claims } : {}),
    ...(opts.evidence ? { evidence: opts.evidence } : {}),
    tolerance: opts.tolerance,
    ...(opts.asOf ? { asOf: opts.asOf } : {}),
    ...(opts.maxFileSize !== undefined ? { maxFileSize: opts.maxFileSize } : {}),
    ...(opts.engine ? { engine: opts.engine } : {}),
    ...(opts.select ? { select: opts.select } : {}),
    ...(opts.exclude ? { exclude: opts.exclude } : {}),
  };
}
