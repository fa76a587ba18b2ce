// End-to-end helpers: run the built CLI (bin/claimcheck.js → dist/) as a user would, in a child process.
// Build first: `npm run build` (the `pretest` script does it for `npm test`).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, onTestFinished } from 'vitest';
import type { JsonReport, ReportEvidenceRow, ReportObservedValue, ReportResult } from '../../src/types.js';

/** Absolute path of the launcher, resolved from this file so tests can run from any cwd. */
export const BIN = fileURLToPath(new URL('../../bin/claimcheck.js', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/cli/', import.meta.url));

/** A stack frame as Node prints it ("    at main (file:///…/dist/cli/main.js:12:3)"). */
export const STACK_FRAME = /at .*\.js:\d+/;

// Matches any ANSI escape sequence (colour codes from chalk are CSI "ESC [ … m").
// eslint-disable-next-line no-control-regex
export const ANSI = /\u001b\[[0-9;]*m/;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
}

if (!existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)))) {
  throw new Error('dist/ is missing: run `npm run build` before the CLI tests');
}

/**
 * Run `claimcheck ARGS` with NO_COLOR=1 (plus `env` overrides) and return its exit code and output.
 * Every run is also checked for a leaked stack trace: users must never see one without --debug.
 */
export function runCli(args: string[], opts: RunOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, NO_COLOR: '1', ...opts.env },
    encoding: 'utf8',
    timeout: 25_000,
  });
  if (r.error) throw r.error;
  const result = { code: r.status, stdout: r.stdout, stderr: r.stderr };
  expect(result.stderr, `stack trace in stderr of 'claimcheck ${args.join(' ')}'`).not.toMatch(STACK_FRAME);
  return result;
}

/** Absolute path of a fixture case directory under test/fixtures/cli/. */
export function fixture(name: string): string {
  const dir = path.join(FIXTURES, name);
  if (!existsSync(dir)) throw new Error(`no fixture ${name}`);
  return dir;
}

/** A fresh empty directory under the OS temp dir, removed when the current test ends. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-cli-'));
  try {
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  } catch {
    // Called outside a running test (e.g. in beforeAll): the OS temp dir is left to clean it.
  }
  return dir;
}

/** A temp copy of a fixture case, for tests that write files (reports, init). */
export function copyFixture(name: string): string {
  const dir = tempDir();
  cpSync(fixture(name), dir, { recursive: true });
  return dir;
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
  expect(r.code, r.stderr).toBe(0);
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
