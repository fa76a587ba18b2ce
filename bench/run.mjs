// npm run bench: claimcheck at scale, measured in one run on this machine, with Miller and DuckDB
// doing the same work. Not part of the test suite. Data is generated (fixed seed) into bench/data/.
//
//   1. aggregation: a group-by count (month × category × region) of 1 M incidents — claimcheck,
//      claimcheck on one thread, csv-parse alone, Miller (mlr), DuckDB; wall time, CPU time, peak RSS
//   2. memory: claimcheck's peak RSS aggregating 1 M and 10 M incidents
//   3. matching: 10,000 claims against 100,000 series, end to end and by stage
//   4. start-up: `claimcheck --version` against `node -e 0`
//   5. charts: the 1,000-claim HTML report and Markdown with --charts (bench/html-1000.mjs --no-browser)
// and every target with met/missed, from ratios measured in this run.
//
// Options: --quick (100 k and 1 M rows instead of 1 M and 10 M; for trying the script), --runs N.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeClaimsAndSeries, writeIncidents } from './generate.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = path.join(ROOT, 'bench/data');
const BIN = path.join(ROOT, 'bin/claimcheck.js');
const TOOLS = path.join(ROOT, 'bench/tools.mjs');
const quick = process.argv.includes('--quick');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const SMALL = quick ? 100_000 : 1_000_000;
const LARGE = quick ? 1_000_000 : 10_000_000;
const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);
const rel = (p) => path.relative(ROOT, p);

/** Run a command once; wall time from the clock, CPU and peak RSS from GNU time (when installed). */
function runOnce(cmd, args) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-bench-'));
  const timeFile = path.join(tmp, 'time');
  const start = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync(TIME, ['-f', '%e %U %S %M', '-o', timeFile, cmd, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  let cpu = NaN;
  let rssMb = NaN;
  if (hasTime && existsSync(timeFile)) {
    const fields = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpu = fields[1] + fields[2];
    rssMb = fields[3] / 1024;
  }
  rmSync(tmp, { recursive: true, force: true });
  return { ok: r.status === 0, status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', wall, cpu, rssMb };
}

/** Median wall and CPU of `runs` runs, and the largest peak RSS. */
function measure(cmd, args, runs = RUNS) {
  const all = [];
  for (let i = 0; i < runs; i++) {
    const r = runOnce(cmd, args);
    if (!r.ok) return { ...r, runs: i + 1 };
    all.push(r);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { ok: true, wall: median(all.map((r) => r.wall)), cpu: median(all.map((r) => r.cpu)), rssMb: Math.max(...all.map((r) => r.rssMb)), runs, stdout: all[0].stdout, stderr: all[0].stderr };
}

function which(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
const mb = (x) => (Number.isFinite(x) ? x.toFixed(0) : 'n/a');
const rows = (n) => (n >= 1_000_000 ? `${n / 1_000_000} M` : `${n / 1000} k`);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const out = [];
const say = (line = '') => {
  out.push(line);
  console.log(line);
};

// ------------------------------------------------------------------- data
const t0 = Date.now();
process.stderr.write(`generating data in ${rel(DATA)} (fixed seed; reused when present) …\n`);
const small = path.join(DATA, `incidents-${rows(SMALL).replace(' ', '').toLowerCase()}.csv`);
const large = path.join(DATA, `incidents-${rows(LARGE).replace(' ', '').toLowerCase()}.csv`);
await writeIncidents(small, SMALL);
await writeIncidents(large, LARGE);
const DESCRIPTOR = `# The benchmark's group-by: incidents counted by month of date, category and region.
source: { publisher: Synthetic Police, title: Incidents (benchmark) }
aggregate:
  count: rows
  period: { column: date, by: month }
  metric: { column: category }
  region: { column: region }
`;
for (const file of [small, large]) writeFileSync(file.replace(/\.csv$/, '.yaml'), DESCRIPTOR);
const incidentClaims = path.join(DATA, 'incident-claims.yaml');
writeFileSync(
  incidentClaims,
  `claims:
  - id: harlow-burglary-down
    claimant: Harlow council
    statement: Burglaries in Harlow fell 10% from 2016 to 2018.
    kind: result
    region: Harlow
    metric: BURGLARY
    change: -10%
    baseline: 2016
    target: 2018
    sources: [{ publisher: Gazette, title: Burglary report, date: 2019-01-15 }]
`,
);
const { claimsFile, evidenceFile } = writeClaimsAndSeries(DATA, 10_000, 100_000);
process.stderr.write(`data ready in ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);

/** How many CPUs are free: N busy threads against 1 (1.0 = N free CPUs; N = one free CPU). */
function capacity() {
  const one = Number(runOnce(process.execPath, [TOOLS, 'busy', '1']).stdout);
  const n = os.availableParallelism();
  const many = Number(runOnce(process.execPath, [TOOLS, 'busy', String(n)]).stdout);
  return many / one;
}
const cpus = os.cpus();
say(`# claimcheck benchmark`);
say();
say(`Command: \`npm run bench\`${quick ? ' -- --quick' : ''}. Node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB.`);
say(`Load average at start: ${load()} (other work on the machine inflates wall times; CPU times are steadier).`);
say(`Wall and CPU times are medians of ${RUNS} runs; peak RSS is the largest (GNU time${hasTime ? '' : ': not installed, so n/a'}).`);
const capacityBefore = capacity();
say(`CPUs free: ${os.availableParallelism()} busy threads took ${f(capacityBefore)}× as long as 1 (1.00: all ${os.availableParallelism()} CPUs free; ${os.availableParallelism()}.00: one).`);

// ------------------------------------------------------------------- 1. aggregation
const claimcheckArgs = (file) => [BIN, '--quiet', 'audit', '--claims', rel(incidentClaims), '--evidence', rel(file), '--format', 'json', '--out', rel(path.join(DATA, 'report.json'))];
const results = [];
const mlr = which('mlr');
const mlrVersion = mlr ? spawnSync(mlr, ['--version'], { encoding: 'utf8' }).stdout.trim() : undefined;
const tasks = [
  ['claimcheck (CLI; a thread per idle CPU)', process.execPath, claimcheckArgs(small)],
  ['claimcheck, 1 thread (library)', process.execPath, [TOOLS, 'threads', '1', rel(incidentClaims), rel(small)]],
  [`claimcheck, ${os.availableParallelism()} threads (library)`, process.execPath, [TOOLS, 'threads', String(os.availableParallelism()), rel(incidentClaims), rel(small)]],
  ['csv-parse alone (stream, no grouping)', process.execPath, [TOOLS, 'csv-parse', small]],
  [mlrVersion ?? 'Miller (mlr)', mlr, ['--icsv', '--ocsv', 'put', '$month = substr($date, 0, 6)', 'then', 'count', '-g', 'month,category,region', small]],
  ['DuckDB (@duckdb/node-api, SQL)', process.execPath, [TOOLS, 'duckdb', small]],
  ['claimcheck --engine duckdb (CLI)', process.execPath, [...claimcheckArgs(small), '--engine', 'duckdb']],
];
for (const [name, cmd, args] of tasks) {
  process.stderr.write(`timing ${name} …\n`);
  if (!cmd) {
    results.push({ name, missing: 'not installed (apt-get install miller)' });
    continue;
  }
  const r = measure(cmd, args);
  if (!r.ok) results.push({ name, missing: r.status === 3 ? 'not installed (npm install)' : `failed (exit ${r.status}): ${r.stderr.trim().split('\n')[0]}` });
  else results.push({ name, ...r });
}
const ours = results[0];
say();
say(`## 1. Aggregating ${rows(SMALL)} incidents (${(statSync(small).size / 2 ** 20).toFixed(0)} MB): count by month × category × region`);
say();
say('| tool | wall s | CPU s | peak RSS MB | claimcheck wall ÷ this |');
say('| --- | ---: | ---: | ---: | ---: |');
for (const r of results) {
  if (r.missing) say(`| ${r.name} | ${r.missing} | | | |`);
  else say(`| ${r.name} | ${f(r.wall)} | ${f(r.cpu)} | ${mb(r.rssMb)} | ${r === ours ? '1.00' : f(ours.ok ? ours.wall / r.wall : NaN)} |`);
}
say();
say(`claimcheck's run is the whole CLI: start-up, reading the claims, aggregating, auditing one claim and writing a JSON report (\`node ${claimcheckArgs(small).map((a, i) => (i === 0 ? 'bin/claimcheck.js' : a)).join(' ')}\`).`);

// ------------------------------------------------------------------- 2. memory
// The same thread count at both sizes, so that the comparison is of the file size alone.
const n = os.availableParallelism();
const memory = [];
for (const threads of [1, n]) {
  for (const file of [small, large]) {
    process.stderr.write(`peak RSS: ${threads} thread(s), ${rel(file)} …\n`);
    const r = file === small ? results.find((x) => x.name === `claimcheck, ${threads} thread${threads === 1 ? '' : 's'} (library)`) : measure(process.execPath, [TOOLS, 'threads', String(threads), rel(incidentClaims), rel(file)], 1);
    memory.push({ threads, file, ...r });
  }
}
process.stderr.write(`timing the CLI on ${rows(LARGE)} rows …\n`);
const big = measure(process.execPath, claimcheckArgs(large), 1);
const sizeOf = (file) => (statSync(file).size / 2 ** 20).toFixed(0);
say();
say(`## 2. Peak RSS: ${rows(SMALL)} vs ${rows(LARGE)} incidents`);
say();
say('| threads | rows | file MB | wall s | CPU s | peak RSS MB |');
say('| ---: | ---: | ---: | ---: | ---: | ---: |');
for (const m of memory) say(`| ${m.threads} | ${rows(m.file === small ? SMALL : LARGE)} | ${sizeOf(m.file)} | ${m.ok ? f(m.wall) : 'failed'} | ${f(m.cpu)} | ${mb(m.rssMb)} |`);
say(`| CLI (idle CPUs) | ${rows(LARGE)} | ${sizeOf(large)} | ${big.ok ? f(big.wall) : 'failed'} | ${f(big.cpu)} | ${mb(big.rssMb)} |`);
const ratios = [1, n].map((t) => {
  const [a, b] = memory.filter((m) => m.threads === t);
  return { threads: t, ratio: b.rssMb / a.rssMb };
});
const peak = Math.max(...memory.map((m) => m.rssMb), big.rssMb);
const rssRatio = Math.max(...ratios.map((r) => r.ratio));
say();
say(`${rows(LARGE)} ÷ ${rows(SMALL)} peak RSS: ${ratios.map((r) => `${f(r.ratio)} with ${r.threads} thread${r.threads === 1 ? '' : 's'}`).join(', ')} (flat means ≤ 1.2).`);

// ------------------------------------------------------------------- 3. matching
process.stderr.write('timing 10,000 claims × 100,000 series …\n');
const matching = measure(process.execPath, [BIN, '--quiet', 'audit', '--claims', rel(claimsFile), '--evidence', rel(evidenceFile), '--format', 'json', '--out', rel(path.join(DATA, 'report-claims.json'))]);
const stagesRun = runOnce(process.execPath, [TOOLS, 'stages', rel(claimsFile), rel(evidenceFile)]);
const stages = stagesRun.ok ? JSON.parse(stagesRun.stdout) : undefined;
say();
say(`## 3. Auditing 10,000 claims against 100,000 series (${(readFileSync(claimsFile).length / 2 ** 20).toFixed(1)} MB of claims YAML, ${(readFileSync(evidenceFile).length / 2 ** 20).toFixed(1)} MB / 300,000 rows of evidence CSV)`);
say();
say(`- CLI end to end (\`claimcheck --quiet audit --claims ${rel(claimsFile)} --evidence ${rel(evidenceFile)} --format json --out …\`): ${matching.ok ? `${f(matching.wall)} s wall, ${f(matching.cpu)} s CPU, ${mb(matching.rssMb)} MB peak RSS` : `failed: ${matching.stderr.trim().split('\n')[0]}`}`);
if (stages) {
  say('- by stage, in one process (ms; the CLI loads as in "load both"; CPU counts every thread of the process):');
  say();
  say('| stage | wall ms | CPU ms |');
  say('| --- | ---: | ---: |');
  for (const [k, v] of Object.entries(stages.ms)) say(`| ${k} | ${v} | ${stages.cpuMs?.[k] ?? 'n/a'} |`);
  say();
  say(`  (${stages.claims} claims, ${stages.series} series, ${stages.results} results, a ${(stages.reportBytes / 2 ** 20).toFixed(0)} MB JSON report)`);
}

// ------------------------------------------------------------------- 4. start-up
process.stderr.write('timing start-up …\n');
function startup(args, n = 15) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    spawnSync(process.execPath, args, { cwd: ROOT });
    times.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)];
}
const bare = startup(['-e', '0']);
const version = startup([BIN, '--version']);
say();
say('## 4. Start-up (median of 15)');
say();
say(`- \`node -e 0\`: ${f(bare, 0)} ms; \`claimcheck --version\`: ${f(version, 0)} ms; ratio ${f(version / bare)}`);

// ------------------------------------------------------------------- 5. charts
process.stderr.write('timing the 1,000-claim HTML report (npm run bench:html -- --no-browser) …\n');
const htmlRun = spawnSync(process.execPath, [path.join(ROOT, 'bench/html-1000.mjs'), '--no-browser', '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
const html = htmlRun.status === 0 ? JSON.parse(htmlRun.stdout) : undefined;
say();
say('## 5. A report of 1,000 claims with charts (`npm run bench:html`, without the browser part)');
say();
if (html) {
  say(`- HTML report, CLI end to end (median of 3): ${(html.renderMs / 1000).toFixed(2)} s wall, ${(html.renderCpuMs / 1000).toFixed(2)} s CPU (load average ${html.load.toFixed(2)}); ${(html.bytes / 2 ** 20).toFixed(1)} MiB`);
  say(`- Markdown with --charts (1,000 SVG files), CLI end to end (median of 3): ${(html.markdownMs / 1000).toFixed(2)} s wall, ${(html.markdownCpuMs / 1000).toFixed(2)} s CPU`);
  say(`- the charts alone: the previous approach (each chart compiled and drawn on its own) ${(html.charts.previous.cpuMs / 1000).toFixed(2)} s CPU; one view per shape (${html.charts.shapes} shapes) ${(html.charts.shared.cpuMs / 1000).toFixed(2)} s CPU on 1 thread (${f(html.charts.previous.cpuMs / html.charts.shared.cpuMs, 1)}× less), ${(html.charts.pool.ms / 1000).toFixed(2)} s wall with ${html.charts.threads - 1} drawing worker${html.charts.threads === 2 ? '' : 's'} (this thread preparing); byte-identical: ${html.charts.identical ? 'yes' : 'NO'}`);
} else say(`- failed: ${htmlRun.stderr.trim().split('\n')[0]}`);

// ------------------------------------------------------------------- targets
const mlrRow = results.find((r) => r.name === (mlrVersion ?? 'Miller (mlr)'));
const lib = (t) => results.find((r) => r.name === `claimcheck, ${t} thread${t === 1 ? '' : 's'} (library)`);
const verdict = (ok) => (ok === undefined ? 'not measured' : ok ? 'met' : 'missed');
const vsMiller = (r) => (r?.ok && mlrRow?.ok ? `${f(r.wall / mlrRow.wall)} of Miller's wall time → ${verdict(r.wall <= 0.85 * mlrRow.wall)}` : 'not measured (Miller or claimcheck missing)');
say();
say('## Targets (each measured in this run; ratios from the same run)');
say();
say(`- aggregation ≥ 15% faster than Miller on the ${rows(SMALL)}-row file (ratio ≤ 0.85): 1 thread ${vsMiller(lib(1))}; ${n} threads ${vsMiller(lib(n))}; the whole CLI ${vsMiller(ours)}`);
say(`- peak RSS ≤ 150 MB at ${rows(LARGE)} rows: largest ${mb(peak)} MB → ${verdict(Number.isFinite(peak) ? peak <= 150 : undefined)}; flat (≤ 1.2× the ${rows(SMALL)} figure, same threads): ${f(rssRatio)} → ${verdict(Number.isFinite(rssRatio) ? rssRatio <= 1.2 : undefined)}`);
say(`- 10,000 claims × 100,000 series, whole CLI ≤ 2 s wall: ${f(matching.wall)} s → ${verdict(matching.ok ? matching.wall <= 2 : undefined)} (audit stage ${stages ? `${(stages.ms['audit: match + compute + verdicts'] / 1000).toFixed(2)} s` : 'n/a'})`);
say(`- 1,000-claim HTML report with charts ≤ 3 s wall: ${html ? `${(html.renderMs / 1000).toFixed(2)} s → ${verdict(html.renderMs <= 3000)}` : 'not measured'}; Markdown with --charts ≤ 3 s: ${html ? `${(html.markdownMs / 1000).toFixed(2)} s → ${verdict(html.markdownMs <= 3000)}` : 'not measured'}; charts byte-identical to the previous approach: ${html ? verdict(html.charts.identical) : 'not measured'}`);
say(`- start-up within 2× of bare Node: ${f(version / bare)} → ${verdict(version / bare <= 2)}`);
say();
say(`Load average at end: ${load()}; ${os.availableParallelism()} busy threads took ${f(capacity())}× as long as 1.`);
writeFileSync(path.join(DATA, 'results.md'), `${out.join('\n')}\n`);
process.stderr.write(`results also written to ${rel(path.join(DATA, 'results.md'))}\n`);
