#!/usr/bin/env node
// Converts the Pakistan Bureau of Statistics "crimes reported by kind" table (wide: provinces as
// columns, categories as rows) into claimcheck's long evidence format. Rerunnable:
//   node scripts/convert-pbs.mjs           (write)
//   node scripts/convert-pbs.mjs --check   (exit 1 if evidence/ is not what this script writes)
// Input:  scripts/source-data/pakistan-reported-crime-by-province-2012-2020.csv (unchanged copy)
// Output: evidence/pakistan-pbs-crime.csv
// The other two source files are already in the long format and are copied unchanged into evidence/.
// Derived metrics (violent_crime, robbery_burglary, property_crime) are sums of categories; their
// definitions are written into each row's note, since "violent crime" has no single definition.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const input = path.join(root, 'scripts/source-data/pakistan-reported-crime-by-province-2012-2020.csv');
const output = path.join(root, 'evidence/pakistan-pbs-crime.csv');

const SOURCE =
  'Pakistan Bureau of Statistics, Crimes reported by kind and province 2012-2020 (transcribed in github.com/Noor-Rehman/Pakistan-Crime-Food-Urban-2030-Forecast, Datasets/Crimes Dataset/Crime_Data_2012_2020.csv)';
const REGIONS = {
  Punjab: 'Punjab',
  Sindh: 'Sindh',
  KPK: 'Khyber Pakhtunkhwa',
  Balochistan: 'Balochistan',
  Islamabad: 'Islamabad',
  Railways: 'Railways',
  'G.B': 'Gilgit-Baltistan',
  AJK: 'Azad Jammu and Kashmir',
  Pakistan: 'Pakistan',
};
const METRICS = {
  Murder: 'murder',
  'Attempt to Murder': 'attempted_murder',
  'Kidnapping /Abduction': 'kidnapping',
  Dacoity: 'dacoity',
  Dacocity: 'dacoity', // the source misspells the category in 2018-2020
  Robbery: 'robbery',
  Burglary: 'burglary',
  'Cattle Theft': 'cattle_theft',
  'Other Theft': 'other_theft',
  Others: 'others',
  'TOTAL RECORDED CRIME': 'total_recorded_crime',
};
const DERIVED = {
  violent_crime: ['murder', 'attempted_murder', 'kidnapping', 'dacoity', 'robbery'],
  robbery_burglary: ['robbery', 'burglary'],
  property_crime: ['dacoity', 'robbery', 'burglary', 'cattle_theft', 'other_theft'],
};

function csvCell(v) {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const rows = parse(readFileSync(input), { columns: true, bom: true, info: true });
const out = [];
const parts = new Map(); // region|year → {metric: {value, line}}
for (const { record, info } of rows) {
  const category = record['Type of Crime'].trim();
  const metric = METRICS[category];
  if (!metric) throw new Error(`${input}:${info.lines}: unknown category '${category}'`);
  for (const [column, region] of Object.entries(REGIONS)) {
    const raw = record[column].trim();
    const value = raw === '' ? '' : Number(raw);
    if (value !== '' && !Number.isInteger(value)) throw new Error(`${input}:${info.lines}: ${column} '${raw}' is not a whole number`);
    const note = `source line ${info.lines}: "${category}", column ${column}${category === 'Dacocity' ? ' (misspelling of Dacoity in the source)' : ''}`;
    out.push([region, metric, record.Year, value, 'cases', SOURCE, note]);
    const key = `${region}|${record.Year}`;
    if (!parts.has(key)) parts.set(key, {});
    parts.get(key)[metric] = { value, line: info.lines };
  }
}
for (const [key, byMetric] of [...parts.entries()]) {
  const [region, year] = key.split('|');
  for (const [derived, members] of Object.entries(DERIVED)) {
    if (members.some((m) => byMetric[m] === undefined || byMetric[m].value === '')) continue;
    const value = members.reduce((s, m) => s + byMetric[m].value, 0);
    const lines = members.map((m) => byMetric[m].line).join(', ');
    out.push([region, derived, year, value, 'cases', SOURCE, `derived: ${members.join(' + ')} (source lines ${lines})`]);
  }
}
out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : Number(a[2]) - Number(b[2])));
const text = ['region,metric,period,value,unit,source,note', ...out.map((r) => r.map(csvCell).join(','))].join('\n') + '\n';
const copies = ['kenya-reported-crime-2013-2018.csv', 'safe-city-reported-figures.csv'];
if (process.argv.includes('--check')) {
  const stale = [
    ...(existsSync(output) && readFileSync(output, 'utf8') === text ? [] : [output]),
    ...copies.filter((f) => {
      const dest = path.join(root, 'evidence', f);
      return !existsSync(dest) || !readFileSync(dest).equals(readFileSync(path.join(root, 'scripts/source-data', f)));
    }),
  ];
  if (stale.length) {
    console.error(`out of date: ${stale.join(', ')}; run node scripts/convert-pbs.mjs`);
    process.exit(1);
  }
  console.log('evidence/ is up to date');
} else {
  writeFileSync(output, text);
  for (const f of copies) copyFileSync(path.join(root, 'scripts/source-data', f), path.join(root, 'evidence', f));
  console.log(`wrote ${path.relative(root, output)} (${out.length} rows) and copied ${copies.length} files into evidence/`);
}
