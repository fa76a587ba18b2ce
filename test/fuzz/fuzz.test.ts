// Property tests: random claims and evidence files, valid and mutated, never crash claimcheck.
// For every input: the exit code is 0, 1 or 2; no stack trace and no "internal error" is printed; every
// error or warning line names the file it is about; a report that is written parses; no input takes long.
//
// `npm test` runs a few hundred inputs with a fixed seed; `npm run fuzz` runs 10,000 or more:
//   npm run fuzz                         10,000 in-process + 200 spawned, seed 20251122
//   FUZZ_RUNS=100000 FUZZ_SEED=random npm run fuzz   longer, with a new seed (printed at the end)
// Most inputs run in-process through main(argv, io), the same code the binary runs; a few spawn the
// real binary. The figures are printed at the end.
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli, STACK_TRACE } from '../cli/helpers.js';
import { command, inputs, type EvidenceFiles } from './inputs.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const SPAWN_RUNS = Number(process.env.FUZZ_SPAWN_RUNS ?? 8);
const SEED = process.env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.FUZZ_SEED ?? 20251122);
/** No single input may take this long: a parser gone quadratic or a loop would show here. */
const MAX_MS = 5_000;

const dir = mkdtempSync(path.join(tmpdir(), 'claimcheck-fuzz-'));
const stats = { inputs: 0, spawned: 0, failures: 0, byExit: { 0: 0, 1: 0, 2: 0 } as Record<number, number>, slowestMs: 0, started: Date.now() };
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  const seconds = ((Date.now() - stats.started) / 1000).toFixed(1);
  console.log(
    `fuzz: seed ${SEED}, ${stats.inputs} inputs in-process + ${stats.spawned} spawned, exit codes ${JSON.stringify(stats.byExit)}, ` +
      `slowest input ${stats.slowestMs} ms, ${seconds} s, ${stats.failures ? `FAILED (${stats.failures} properties; see the counterexample above)` : '0 crashes'}`,
  );
});

/** What every run must satisfy, whatever the input. */
function checkOutcome(args: string[], code: number | null, stdout: string, stderr: string, ms: number): void {
  expect([0, 1, 2]).toContain(code);
  stats.byExit[code!] = (stats.byExit[code!] ?? 0) + 1;
  stats.slowestMs = Math.max(stats.slowestMs, ms);
  expect(ms).toBeLessThan(MAX_MS);
  expect(stderr).not.toContain('internal error');
  expect(stderr).not.toMatch(STACK_TRACE);
  expect(stdout).not.toMatch(STACK_TRACE);
  for (const line of stderr.split('\n')) {
    // (claimcheck: usage errors, and claimreview: notes, which name their claim's file and line inside.)
    if (/: (error|warning|note): /.test(line) && !line.startsWith('claimcheck: ') && !line.startsWith('claimreview: note: ')) expect(line).toMatch(/^(claims\.yaml|evidence\.csv|evidence\.yaml|taxonomy\.yaml)[:]/);
  }
  if (args[0] === 'audit' && code !== 2) {
    const format = args[2];
    if (format === 'json' || format === 'sarif' || format === 'claimreview') expect(() => JSON.parse(stdout)).not.toThrow();
    if (format === 'csv') expect(parseCsv(stdout).length).toBeGreaterThanOrEqual(1);
    if (format === 'md') expect(stdout).not.toMatch(/<(script|img)\b/i);
    if (format === 'junit') expect(XMLValidator.validate(stdout)).toBe(true);
    // One workflow command per line: a statement's line break must not start a command of its own.
    if (format === 'github') for (const l of stdout.trimEnd().split('\n')) expect(l.startsWith('::') || l.startsWith('claimcheck: '), l).toBe(true);
    expect(stdout).not.toMatch(/\u001b/);
  }
}

/** Write the files of one input; returns the evidence paths to name (the taxonomy when there is one). */
function writeInputs(claims: Buffer, evidence: EvidenceFiles): string[] {
  writeFileSync(path.join(dir, 'claims.yaml'), claims);
  writeFileSync(path.join(dir, 'evidence.csv'), evidence.csv);
  // evidence.yaml beside evidence.csv is its descriptor: the CSV named on the command line brings it along.
  rmSync(path.join(dir, 'evidence.yaml'), { force: true });
  rmSync(path.join(dir, 'taxonomy.yaml'), { force: true });
  if (evidence.descriptor) writeFileSync(path.join(dir, 'evidence.yaml'), evidence.descriptor);
  if (evidence.taxonomy) writeFileSync(path.join(dir, 'taxonomy.yaml'), evidence.taxonomy);
  return evidence.taxonomy ? ['evidence.csv', 'taxonomy.yaml'] : ['evidence.csv'];
}

function argsFor(cmd: string[], evidence: string[]): string[] {
  return cmd[0] === 'validate' ? cmd : [...cmd, '-c', 'claims.yaml', '-e', ...evidence];
}

async function assertCounted<T>(property: fc.IAsyncProperty<T>, params: fc.Parameters<T>): Promise<void> {
  try {
    await fc.assert(property, params);
  } catch (e) {
    stats.failures++;
    throw e;
  }
}

describe('random and mutated inputs', () => {
  it(`never crash (${RUNS} inputs in-process, seed ${SEED})`, { timeout: 120_000 + RUNS * 500 }, async () => {
    await assertCounted(
      fc.asyncProperty(inputs, command, async ([claims, evidence], cmd) => {
        const args = argsFor(cmd, writeInputs(claims, evidence));
        let stdout = '';
        let stderr = '';
        const started = Date.now();
        const code = await main(['node', 'claimcheck', ...args], {
          cwd: dir,
          env: { NO_COLOR: '1' },
          stdout: (s) => (stdout += s),
          stderr: (s) => (stderr += s),
          stdoutIsTTY: false,
          stderrIsTTY: false,
        });
        stats.inputs++;
        checkOutcome(args, code, stdout, stderr, Date.now() - started);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it(`never crash the real binary (${SPAWN_RUNS} inputs, seed ${SEED})`, { timeout: 60_000 + SPAWN_RUNS * 2_000 }, async () => {
    await assertCounted(
      fc.asyncProperty(inputs, command, async ([claims, evidence], cmd) => {
        const args = argsFor(cmd, writeInputs(claims, evidence));
        const run = await runCli(args, { cwd: dir });
        stats.spawned++;
        expect(run.signal).toBeNull();
        // A spawned run also pays for starting Node: allow for that, not for a hang.
        checkOutcome(args, run.status, run.stdout, run.stderr, Math.max(0, run.ms - 2_000));
      }),
      { numRuns: SPAWN_RUNS, seed: SEED + 1 },
    );
  });
});
