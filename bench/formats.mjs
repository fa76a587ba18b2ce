// npm run bench:formats: the same 200,000 observations (2,000 series × 100 years) read as a plain long
// CSV, as a wide World Bank-style CSV (year columns, unpivoted by range), as JSON records and as a
// JSON-stat dataset; `claimcheck validate` end to end, median wall time of 3 runs and peak RSS.
// Not part of the test suite; run it under the test lock on a shared machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin/claimcheck.js');
const DIR = path.join(os.tmpdir(), `claimcheck-bench-formats-${process.pid}`);
const SERIES = 2000;
const YEARS = Array.from({ length: 100 }, (_, i) => 1924 + i);
const value = (s, y) => 1000 + ((s * 7919 + y * 104729) % 100000);

function write(name, files) {
  const dir = path.join(DIR, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
  return dir;
}

const regions = Array.from({ length: SERIES }, (_, s) => `R${s}`);
const long = ['region,metric,period,value', ...regions.flatMap((r, s) => YEARS.map((y) => `${r},m,${y},${value(s, y)}`))].join('\n');
const wide = ['"Data Source","bench",', '', '"Last Updated Date","2024-06-28",', '', `"Country Name","Indicator Name",${YEARS.map((y) => `"${y}"`).join(',')},`, ...regions.map((r, s) => `"${r}","m",${YEARS.map((y) => `"${value(s, y)}"`).join(',')},`)].join('\n');
const records = `[\n${regions.flatMap((r, s) => YEARS.map((y) => JSON.stringify({ region: r, metric: 'm', period: String(y), value: value(s, y) }))).join(',\n')}\n]\n`;
const stat = JSON.stringify({ version: '2.0', class: 'dataset', id: ['geo', 'time'], size: [SERIES, YEARS.length], dimension: { geo: { category: { index: regions } }, time: { category: { index: YEARS.map(String) } } }, value: regions.flatMap((_, s) => YEARS.map((y) => value(s, y))) });

const cases = [
  ['long CSV', write('long', { 'e.csv': long })],
  ['wide CSV, unpivot 1924..2023', write('wide', { 'e.csv': wide, 'e.yaml': 'header_row: 5\ncolumns: { region: Country Name, metric: Indicator Name }\nunpivot: { columns: 1924..2023, into: period }\n' })],
  ['JSON records', write('records', { 'e.json': records })],
  ['JSON-stat', write('stat', { 'e.json': stat, 'e.yaml': 'layout: json-stat\ncolumns: { region: geo, period: time }\nfixed: { metric: m }\n' })],
];

const hasTime = existsSync('/usr/bin/time');
console.log(`${SERIES * YEARS.length} observations each; median of 3 runs of claimcheck validate`);
for (const [name, dir] of cases) {
  const walls = [];
  let rss = NaN;
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    const r = hasTime ? spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, 'validate', '.'], { cwd: dir, encoding: 'utf8' }) : spawnSync(process.execPath, [BIN, 'validate', '.'], { cwd: dir, encoding: 'utf8' });
    walls.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (r.status !== 0) throw new Error(`${name}: exit ${r.status}\n${r.stderr.slice(0, 500)}`);
    if (hasTime) rss = Number(r.stderr.trim().split('\n').pop()) / 1024;
  }
  walls.sort((a, b) => a - b);
  console.log(`${name.padEnd(30)} ${walls[1].toFixed(2)} s${Number.isNaN(rss) ? '' : `  peak RSS ${rss.toFixed(0)} MB`}`);
}
rmSync(DIR, { recursive: true, force: true });
