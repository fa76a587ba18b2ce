// Micro-benchmark of the statistics math behind the count tier (needs `npm run build`):
//   gammaQuantile   40,000 calls: the two ends of a Garwood interval for 20,000 counts in 50–5000
//   garwoodInterval 30,000 calls on 2,000 distinct counts (the audit's pattern: counts repeat; with
//                   the memo, the timed repetitions after the warm-up are all hits)
//   rateRatioTest   20,000 exact poisson.test intervals and p-values, both counts in 50–5000
// Inputs come from the seeded PRNG of generate.mjs, so every run times the same work.
// Prints the median milliseconds of --runs N (default 7) timed repetitions after one warm-up.
//
//   node bench/quantiles.mjs [--runs N] [--dist DIR]   (DIR: another build to compare, default dist/)
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { random } from './generate.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const RUNS = Number(opt('--runs', 7));
const DIST = path.resolve(ROOT, opt('--dist', 'dist'));
const { gammaQuantile, garwoodInterval, rateRatioTest } = await import(pathToFileURL(path.join(DIST, 'stats/math/index.js')).href);

const rnd = random(20251122);
const count = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const counts = Array.from({ length: 20_000 }, () => count(50, 5000));
const repeated = Array.from({ length: 2_000 }, () => count(50, 5000));
const audited = Array.from({ length: 30_000 }, () => repeated[Math.floor(rnd() * repeated.length)]);
const pairs = Array.from({ length: 20_000 }, () => [count(50, 5000), count(50, 5000)]);

const tasks = {
  'gammaQuantile x40000': () => {
    let s = 0;
    for (const x of counts) s += gammaQuantile(0.025, x) + gammaQuantile(0.975, x + 1);
    return s;
  },
  'garwoodInterval x30000 (2000 distinct)': () => {
    let s = 0;
    for (const x of audited) s += garwoodInterval(x)[1];
    return s;
  },
  'rateRatioTest x20000': () => {
    let s = 0;
    for (const [b, a] of pairs) s += rateRatioTest(b, a).ci[1];
    return s;
  },
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = {};
for (const [name, task] of Object.entries(tasks)) {
  let check = task(); // warm-up (and, for the memo, the first fill)
  const ms = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    check = task();
    ms.push(performance.now() - t);
  }
  out[name] = { medianMs: Math.round(median(ms) * 10) / 10, checksum: check };
}
console.log(JSON.stringify({ dist: path.relative(ROOT, DIST) || '.', runs: RUNS, ...out }, null, 1));
