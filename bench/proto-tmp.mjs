import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
const ROOT = '/work/main';
const parts = Number(process.argv[2] || 2);
const t0 = performance.now();
const { parseClaims } = await import(ROOT + '/dist/claims/parse.js');
const { loadEvidence } = await import(ROOT + '/dist/evidence/index.js');
const text = readFileSync('bench/data/claims-10000.yaml', 'utf8');
const cuts = [0];
for (let i = 1; i < parts; i++) { const at = text.indexOf('\n  - ', Math.floor(text.length * i / parts)) + 1; cuts.push(at); }
cuts.push(text.length);
const chunks = [];
for (let i = 0; i < parts; i++) {
  const before = text.slice(0, cuts[i]); const nl = i === 0 ? 0 : before.split('\n').length - 1;
  chunks.push(i === 0 ? text.slice(0, cuts[1]) : 'claims:' + '\n'.repeat(nl) + text.slice(cuts[i], cuts[i + 1]));
}
const src = `const { parentPort, workerData } = require('node:worker_threads'); import('${ROOT}/dist/claims/parse.js').then(({ parseClaims }) => { const t=performance.now(); const r = parseClaims(workerData, 'x.yaml'); parentPort.postMessage({n: r.claims.length, claims: r.claims, ms: performance.now()-t}); });`;
const jobs = chunks.map((c) => new Promise((res) => new Worker(src, { eval: true, workerData: c }).on('message', res)));
const te = performance.now();
const ev = await loadEvidence(['bench/data/series-100000.csv'], ROOT);
console.log('evidence', Math.round(performance.now() - te));
const rs = await Promise.all(jobs);
console.log('claims', rs.map((r) => `${r.n} in ${Math.round(r.ms)}`).join(', '), 'all done at', Math.round(performance.now() - t0));
