// Running the built CLI on a copy of a fixture, as a user would.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(root, 'bin/claimcheck.js');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const copies: string[] = [];

/** A fresh copy of test/fixtures/ci/NAME in a temporary directory. */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `claimcheck-${name}-`));
  cpSync(path.join(root, 'test/fixtures/ci', name), dir, { recursive: true });
  copies.push(dir);
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

/** No stack trace: no "    at fn (file:line)" lines. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+:\d+:\d+\)?$/m.test(text);
}

/** Remove the fixture copies this test file made (call from afterAll). */
export function removeCopies(): void {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
}
