#!/usr/bin/env node
// Thin launcher: the CLI lives in src/cli (compiled to dist/ by `npm run build`, which `npm ci` runs).
import { main } from '../dist/cli/main.js';

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
