// The one harness of the end-to-end tests: run the built CLI (bin/claimcheck.js → dist/) as a user
// would, in a child process, on fixture copies in temporary directories.
// Build first: `npm run build` (the `pretest` script does it for `npm test`).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, onTestFinished } from 'vitest';
import type { JsonReport, ReportEvidenceRow, ReportObservedValue, ReportResult } from '../../src/report-model/types.js';

/** The repository root and the launcher, resolved from this file so tests can run from any cwd. */
export const ROOT = path.resolve(fileURLToPath(new URL('../../', import.meta.url)));
export const BIN = path.join(ROOT, 'bin/claimcheck.js');
const FIXTURES = path.join(ROOT, 'test/fixtures');

/** A stack frame as Node prints it ("    at main (file:///…/dist/cli/main.js:12:3)"): never shown to a user without --debug. */
export const STACK_TRACE = /^\s+at .+:\d+(:\d+)?\)?$/m;

// Matches any ANSI escape sequence (colour codes from chalk are CSI "ESC [ … m").
// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[[0-9;]*m/;

export interface CliRun {
  /** The exit code; null when the process was killed (see `signal`). */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time of the run, for the tests that guard against a hang. */
  ms: number;
}

export interface RunOptions {
  cwd?: string;
  /** Added to the environment, after NO_COLOR=1. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

if (!existsSync(path.join(ROOT, 'dist/cli/main.js'))) {
  throw new Error('dist/ is missing: run `npm run build` before the CLI tests');
}

/**
 * Run `claimcheck ARGS` (in `cwd`, the repository root by default) with NO_COLOR=1 and FORCE_COLOR
 * unset, plus `env`, and return its exit status and output. Every run without --debug is also
 * checked for a leaked stack trace.
 */
export function runCli(args: string[], options: RunOptions = {}): CliRun {
  const started = Date.now();
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env };
  if (!options.env?.FORCE_COLOR) delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 25_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw r.error;
  const run = { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - started };
  if (!args.includes('--debug')) expect(run.stderr, `stack trace in stderr of 'claimcheck ${args.join(' ')}'`).not.toMatch(STACK_TRACE);
  return run;
}

/** Absolute path of a fixture under test/fixtures/, e.g. `fixture('cli/basic')`. */
export function fixture(name: string): string {
  const dir = path.join(FIXTURES, name);
  if (!existsSync(dir)) throw new Error(`no fixture ${name}`);
  return dir;
}

// Directories made outside a running test (in beforeAll, or at the top of a file) go when the process does.
const leftovers: string[] = [];
let cleanupAtExit = false;

/** A fresh empty directory under the OS temp dir, removed when the current test ends. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-cli-'));
  try {
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  } catch {
    leftovers.push(dir);
    if (!cleanupAtExit) {
      cleanupAtExit = true;
      process.once('exit', () => {
        for (const d of leftovers) rmSync(d, { recursive: true, force: true });
      });
    }
  }
  return dir;
}

/** A temporary copy of a fixture (a path under test/fixtures/, e.g. `ci/verdict-mix`), for tests that write files. */
export function copyFixture(name: string): string {
  const dir = tempDir();
  cpSync(fixture(name), dir, { recursive: true });
  return dir;
}

/** Replace text in a file of a fixture copy; fails loudly when the text is not there. */
export function edit(dir: string, file: string, from: string, to: string): void {
  const p = path.join(dir, file);
  const text = readFileSync(p, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  writeFileSync(p, text.replace(from, to));
}

/** The 1-based line of `- id: ID` in a claims file. */
export function claimLine(dir: string, file: string, id: string): number {
  return readFileSync(path.join(dir, file), 'utf8').split('\n').findIndex((l) => l.trim() === `- id: ${id}`) + 1;
}

/** Every file and directory under `dir`, as sorted paths relative to it (with `/`), dot-files included. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      out.push(rel);
      if (e.isDirectory()) walk(path.join(d, e.name), rel);
    }
  };
  walk(dir, '');
  return out.sort();
}

/** The parsed JSON report of a successful `audit --format json` run. */
export function auditJson(cwd: string, extra: string[] = []): AuditJson {
  const r = runCli(['audit', '--format', 'json', ...extra], { cwd });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as AuditJson;
}

// The JSON report as the tests read it: the one definition in src/types.ts, so a drift between the
// report and the tests is a type error.
export type EvidenceRowJson = ReportEvidenceRow;
export type ObservedValueJson = ReportObservedValue;
export type ResultJson = ReportResult;
export type AuditJson = JsonReport;

/** `file:line` of each evidence row, in order. */
export function rowsOf(r: ResultJson): string[] {
  return r.evidence.map((e) => `${e.file}:${e.line}`);
}
