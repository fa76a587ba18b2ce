// Synthetic benchmark data (fixed seed, so every run measures the same bytes):
// incident files, one row per incident, and a claims file + evidence file for the matching benchmark.
import { createWriteStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** mulberry32: a small, fast, seedable PRNG. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const REGIONS = ['Alderton', 'Brookfield', 'Carver', 'Dunmore', 'Easton', 'Fairview', 'Glenwood', 'Harlow'];
export const CATEGORIES = ['ASSAULT', 'BATTERY', 'BURGLARY', 'CRIMINAL DAMAGE', 'DECEPTIVE PRACTICE', 'HOMICIDE', 'MOTOR VEHICLE THEFT', 'NARCOTICS', 'ROBBERY', 'THEFT', 'WEAPONS VIOLATION', 'ARSON'];
const DAY_MS = 86_400_000;
const START = Date.UTC(2015, 0, 1);
const DAYS = 5 * 365 + 1; // 2015-01-01 .. 2019-12-31

const pad = (n) => (n < 10 ? `0${n}` : String(n));

/** Write `rows` incidents to `file` (skipped when it already has the expected size marker). */
export async function writeIncidents(file, rows, seed = 7) {
  const marker = `${file}.rows`;
  if (existsSync(file) && existsSync(marker) && statSync(marker).size > 0) return;
  mkdirSync(path.dirname(file), { recursive: true });
  const rnd = random(seed);
  const out = createWriteStream(file);
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  await write('id,date,region,category,district,arrest\n');
  const dayCache = [];
  for (let d = 0; d < DAYS; d++) {
    const t = new Date(START + d * DAY_MS);
    dayCache.push(`${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`);
  }
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const day = dayCache[Math.floor(rnd() * DAYS)];
    const secs = Math.floor(rnd() * 86400);
    const time = `${pad(Math.floor(secs / 3600))}:${pad(Math.floor(secs / 60) % 60)}:${pad(secs % 60)}`;
    const region = REGIONS[Math.floor(rnd() * REGIONS.length)];
    const category = CATEGORIES[Math.floor(rnd() * rnd() * CATEGORIES.length)];
    const district = 1 + Math.floor(rnd() * 25);
    const arrest = rnd() < 0.2 ? 'true' : 'false';
    buf += `${1_000_000 + i},${day} ${time},${region},${category},${district},${arrest}\n`;
    if (buf.length > 1 << 20) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise((resolve, reject) => out.end((e) => (e ? reject(e) : resolve())));
  writeFileSync(marker, String(rows));
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  const [file, rows] = process.argv.slice(2);
  await writeIncidents(file, Number(rows));
}

/**
 * The matching benchmark: evidence with `series` series (region × metric, 2017–2019, plain long CSV)
 * and `claims` claims, each about one of them (a result claim 2017 → 2019 or a level claim for 2019).
 */
export function writeClaimsAndSeries(dir, claims, series, seed = 11) {
  const claimsFile = path.join(dir, `claims-${claims}.yaml`);
  const evidenceFile = path.join(dir, `series-${series}.csv`);
  if (existsSync(claimsFile) && existsSync(evidenceFile)) return { claimsFile, evidenceFile };
  mkdirSync(dir, { recursive: true });
  const rnd = random(seed);
  const regions = 1000;
  const metrics = Math.ceil(series / regions);
  const rows = ['region,metric,period,value,unit'];
  for (let r = 0; r < regions; r++) {
    for (let m = 0; m < metrics && r * metrics + m < series; m++) {
      let v = 100 + Math.floor(rnd() * 900);
      for (const year of [2017, 2018, 2019]) {
        rows.push(`Region ${r},metric_${m},${year},${v},cases`);
        v = Math.max(1, Math.round(v * (0.8 + rnd() * 0.4)));
      }
    }
  }
  writeFileSync(evidenceFile, `${rows.join('\n')}\n`);
  const out = ['claims:'];
  for (let i = 0; i < claims; i++) {
    const r = Math.floor(rnd() * regions);
    const m = Math.floor(rnd() * metrics);
    const isLevel = i % 4 === 3;
    out.push(
      `  - id: claim-${i}`,
      `    claimant: Official ${i % 50}`,
      `    statement: Metric ${m} in region ${r} changed.`,
      `    kind: ${i % 2 ? 'forecast' : 'result'}`,
      `    region: Region ${r}`,
      `    metric: metric_${m}`,
      ...(isLevel ? [`    value: ${100 + Math.floor(rnd() * 900)}`, '    target: 2019'] : [`    change: ${rnd() < 0.5 ? '-' : '+'}${Math.floor(rnd() * 30)}%`, '    baseline: 2017', '    target: 2019']),
      '    sources:',
      `      - { publisher: Gazette, title: Report ${i % 100}, date: 2020-01-01 }`,
    );
  }
  writeFileSync(claimsFile, `${out.join('\n')}\n`);
  return { claimsFile, evidenceFile };
}
