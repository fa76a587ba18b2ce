// The tasks the benchmark times, one per child process so that each has its own peak RSS:
//   node bench/tools.mjs csv-parse FILE            csv-parse alone: stream every record, no grouping
//   node bench/tools.mjs duckdb FILE               DuckDB: the same group-by count in SQL
//   node bench/tools.mjs threads N CLAIMS FILE     claimcheck's library, aggregation on exactly N threads
//   node bench/tools.mjs busy N                    N threads of a fixed busy loop: how many CPUs are free now
//   node bench/tools.mjs stages CLAIMS EVIDENCE    claimcheck's stages, timed in-process (JSON on stdout)
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const [task, ...args] = process.argv.slice(2);

if (task === 'csv-parse') {
  const { parse } = await import('csv-parse');
  let n = 0;
  for await (const record of createReadStream(args[0]).pipe(parse({ relax_column_count: true }))) if (record) n++;
  console.log(`${n} records`);
} else if (task === 'duckdb') {
  let duckdb;
  try {
    duckdb = await import('@duckdb/node-api');
  } catch {
    console.log('not installed');
    process.exit(3);
  }
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const file = args[0].replace(/'/g, "''");
  const reader = await connection.runAndReadAll(
    `SELECT substr(date, 1, 7) AS month, category, region, count(*) AS n FROM read_csv('${file}', header = true, all_varchar = true) GROUP BY ALL`,
  );
  console.log(`${reader.getRows().length} groups`);
  connection.closeSync();
  instance.closeSync();
} else if (task === 'threads') {
  const { audit } = await import(path.join(ROOT, 'dist/index.js'));
  const [n, claims, evidence] = args;
  const result = await audit({ cwd: ROOT, claims: [claims], evidence: [evidence], parallel: { workers: Number(n) } });
  console.log(`${result.series.length} series`);
} else if (task === 'busy') {
  const { Worker } = await import('node:worker_threads');
  const work = 'let x = 0; for (let i = 0; i < 3e8; i++) x += i % 7; require("node:worker_threads").parentPort.postMessage(x);';
  const start = performance.now();
  await Promise.all(Array.from({ length: Number(args[0]) }, () => new Promise((resolve) => new Worker(work, { eval: true }).on('message', resolve))));
  console.log(String(performance.now() - start));
} else if (task === 'stages') {
  const { auditInputs, loadInputs, renderJson } = await import(path.join(ROOT, 'dist/index.js'));
  const { renderJsonChunks } = await import(path.join(ROOT, 'dist/report/json.js'));
  const { readFileSync, statSync } = await import('node:fs');
  const { loadClaims } = await import(path.join(ROOT, 'dist/claims/index.js'));
  const { parseClaims } = await import(path.join(ROOT, 'dist/claims/parse.js'));
  const { loadEvidence } = await import(path.join(ROOT, 'dist/evidence/index.js'));
  const { writeFileAtomic } = await import(path.join(ROOT, 'dist/cli/write.js'));
  const [claims, evidence] = args;
  // Wall and CPU milliseconds of each stage (CPU: this process, all its threads).
  const ms = {};
  const cpuMs = {};
  let t = performance.now();
  let c0 = process.cpuUsage();
  const lap = (name) => {
    const now = performance.now();
    const c = process.cpuUsage(c0);
    ms[name] = Math.round(now - t);
    cpuMs[name] = Math.round((c.user + c.system) / 1000);
    t = performance.now();
    c0 = process.cpuUsage();
  };
  parseClaims(readFileSync(path.resolve(ROOT, claims), 'utf8'), claims, undefined, { fast: false });
  lap("parse claims with yaml's full parser (the previous way, for comparison)");
  const c = loadClaims([claims], ROOT);
  lap('load claims alone (fast YAML reader, this thread)');
  const e = await loadEvidence([evidence], ROOT);
  lap('load evidence alone (this thread)');
  const loaded = await loadInputs({ cwd: ROOT, claims: [claims], evidence: [evidence] });
  lap('load both, as audit does');
  const result = auditInputs(loaded);
  lap('audit: match + compute + verdicts');
  const json = renderJson(result);
  lap('render JSON report as one string');
  writeFileAtomic(path.join(ROOT, 'bench/data/report-stages.json'), json);
  lap('write that string (temporary file, byte count, fsync, rename)');
  const before = statSync(path.join(ROOT, 'bench/data/report-stages.json')).size;
  // As the CLI writes it: rendered a megabyte at a time, into the same atomic write.
  writeFileAtomic(path.join(ROOT, 'bench/data/report-stages.json'), renderJsonChunks(result));
  lap('render + write JSON report, streamed (as the CLI does)');
  if (statSync(path.join(ROOT, 'bench/data/report-stages.json')).size !== before) throw new Error('the streamed JSON report differs in size from the one string');
  console.log(JSON.stringify({ ms, cpuMs, claims: c.claims.length, series: e.evidence.series.length, results: result.results.length, reportBytes: json.length }));
} else {
  console.error(`unknown task ${task}`);
  process.exit(2);
}
