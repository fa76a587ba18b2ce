#!/usr/bin/env node
// Thin launcher: the CLI lives in src/cli (compiled to dist/ by `npm run build`, which `npm ci` runs).
import v8 from 'node:v8';

// A run is short, and most of the code it runs (Vega's above all) runs for under a second: V8's
// default budget before optimising a function (66 KB of bytecode run) has it compile hundreds of
// functions that are done before they pay back, and on two CPUs that compiling takes the CPU the
// charts are drawn on. Three times the budget: the HTML report of 1,000 claims ≈ 15% faster, a
// 10,000-claim JSON audit unchanged (bench/, docs/performance.md). Set before the CLI is loaded.
v8.setFlagsFromString('--interrupt-budget=200000');
const { main } = await import('../dist/cli/main.js');

// A reader that stops early (`claimcheck audit | head`) closes the pipe: what it did not want is dropped
// quietly, and the run ends with its own exit code, not a stack trace of EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // main() handles every expected failure itself; reaching here is a bug.
    process.stderr.write(`claimcheck: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.argv.includes('--debug') && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 2;
  },
);
