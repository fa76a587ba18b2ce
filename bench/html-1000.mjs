#!/usr/bin/env node
// Benchmark: an HTML report of 1,000 claims. Generates claims and evidence into bench/data/
// (gitignored), renders the report with the real CLI, opens it in headless Chromium and reports
// the file size, the load time (navigation start to the load event) and the frame times of a
// scroll from top to bottom. Run: npm run bench:html  (needs `npm run build` and /usr/bin/chromium).
//
// Options: --claims N (default 1000), --json (print the figures as JSON).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { random } from './generate.mjs'; // the same seeded PRNG (mulberry32) as the other benchmark

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = path.join(ROOT, 'bench', 'data');
const CHROMIUM = '/usr/bin/chromium';
const args = process.argv.slice(2);
const N = Number(args[args.indexOf('--claims') + 1]) || 1000;
const asJson = args.includes('--json');
/** --measure FILE: only open an existing report and measure it (for trying out CSS changes). */
const measureOnly = args.includes('--measure') ? path.resolve(args[args.indexOf('--measure') + 1]) : undefined;


const METRICS = ['burglaries', 'robberies', 'vehicle_theft', 'assaults', 'fraud'];
const YEARS = Array.from({ length: 11 }, (_, i) => 2010 + i);

function generate(n) {
  rmSync(DATA, { recursive: true, force: true });
  mkdirSync(path.join(DATA, 'claims'), { recursive: true });
  mkdirSync(path.join(DATA, 'evidence'), { recursive: true });
  const rnd = random(42);
  const regions = Math.max(1, Math.ceil(n / METRICS.length));
  const rows = ['region,metric,period,value,unit'];
  for (const metric of METRICS) {
    let level = 40_000;
    for (const y of YEARS) {
      level = Math.round(level * (0.95 + rnd() * 0.08));
      rows.push(`Rest of country,${metric},${y},${level},cases`);
    }
  }
  for (let r = 0; r < regions; r++) {
    for (const metric of METRICS) {
      let level = 200 + Math.floor(rnd() * 3000);
      for (const y of YEARS) {
        level = Math.max(1, Math.round(level * (0.9 + rnd() * 0.2)));
        rows.push(`Region ${String(r + 1).padStart(4, '0')},${metric},${y},${level},cases`);
      }
    }
    rows.push(`Region ${String(r + 1).padStart(4, '0')},cameras_installed,2018,${500 + Math.floor(rnd() * 2000)},cameras`);
  }
  writeFileSync(path.join(DATA, 'evidence', 'crime.csv'), `${rows.join('\n')}\n`);

  const claims = ['claims:'];
  for (let i = 0; i < n; i++) {
    const region = `Region ${String((i % regions) + 1).padStart(4, '0')}`;
    const metric = METRICS[Math.floor(i / regions) % METRICS.length];
    const id = `claim-${String(i + 1).padStart(4, '0')}`;
    const pct = -(5 + Math.floor(rnd() * 40));
    const source = '    sources: [{ publisher: Bench Gazette, title: Generated claim, date: 2019-01-01 }]';
    if (i % 50 === 49) {
      claims.push(`  - id: ${id}`, '    claimant: Vendor', '    statement: "Our systems cut crime <b>everywhere</b> | by up to 40%."', '    kind: result', '    change: -40%', source);
    } else if (i % 10 === 9) {
      claims.push(`  - id: ${id}`, '    claimant: City council', `    statement: ${1000 + Math.floor(rnd() * 1000)} cameras will be installed in ${region} by 2018.`, '    kind: forecast', `    region: ${region}`, '    metric: cameras_installed', `    value: ">= ${1000 + Math.floor(rnd() * 1000)}"`, '    target: 2018', source);
    } else {
      const forecast = i % 2 === 0;
      claims.push(
        `  - id: ${id}`,
        `    claimant: ${forecast ? 'Vendor' : 'Police'}`,
        `    statement: ${metric} in ${region} ${forecast ? 'will fall' : 'fell'} by ${-pct}% from 2015 to 2018.`,
        `    kind: ${forecast ? 'forecast' : 'result'}`,
        `    region: ${region}`,
        `    metric: ${metric}`,
        `    change: ${pct}%`,
        '    baseline: 2015',
        '    target: 2018',
        ...(i % 4 === 0 ? ['    compare_to: Rest of country'] : []),
        source,
      );
    }
  }
  writeFileSync(path.join(DATA, 'claims', 'claims.yaml'), `${claims.join('\n')}\n`);
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

async function measure(file) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    const requests = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    const url = `file://${file}`;
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    const nav = await page.evaluate(() => {
      const e = performance.getEntriesByType('navigation')[0];
      return { domContentLoaded: e.domContentLoadedEventEnd, load: e.loadEventEnd };
    });
    // Scroll from top to bottom one screen per frame, timing each frame with requestAnimationFrame.
    const scroll = await page.evaluate(async () => {
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      window.scrollTo(0, 0);
      await frame();
      await frame();
      const times = [];
      let last = performance.now();
      const step = Math.round(window.innerHeight * 0.9);
      const start = performance.now();
      while (window.scrollY + window.innerHeight < document.documentElement.scrollHeight - 1 && times.length < 20_000) {
        window.scrollBy(0, step);
        await frame();
        const now = performance.now();
        times.push(now - last);
        last = now;
      }
      return { times, total: performance.now() - start, height: document.documentElement.scrollHeight };
    });
    // Sorting and filtering the 1,000-row summary through the page's own controls.
    const controls = await page.evaluate(async () => {
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      const t0 = performance.now();
      document.querySelector('#summary thead th:nth-child(5) button').click();
      await frame();
      const sort = performance.now() - t0;
      const select = document.getElementById('verdict-filter');
      const t1 = performance.now();
      select.value = 'supported';
      select.dispatchEvent(new Event('change'));
      await frame();
      const filter = performance.now() - t1;
      return { sort, filter };
    });
    const sorted = [...scroll.times].sort((a, b) => a - b);
    return {
      load: nav.load,
      domContentLoaded: nav.domContentLoaded,
      frames: sorted.length,
      median: quantile(sorted, 0.5),
      p95: quantile(sorted, 0.95),
      max: sorted[sorted.length - 1],
      over50: sorted.filter((t) => t > 50).length,
      scrollTotal: scroll.total,
      height: scroll.height,
      controls,
      errors,
      otherRequests: requests.filter((r) => r !== url),
    };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

async function main() {
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  if (measureOnly) {
    console.log(JSON.stringify({ bytes: statSync(measureOnly).size, ...(await measure(measureOnly)) }, (k, v) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v)));
    return;
  }
  generate(N);
  const out = path.join(DATA, 'audit.html');
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'claimcheck.js'), 'audit', '--claims', 'claims', '--evidence', 'evidence', '--format', 'html', '--out', 'audit.html'], { cwd: DATA, encoding: 'utf8' });
  const renderMs = performance.now() - t0;
  if (run.status !== 0) throw new Error(`claimcheck failed (${run.status}): ${run.stderr}`);
  const bytes = statSync(out).size;
  const m = await measure(out);
  const figures = { claims: N, bytes, renderMs: Math.round(renderMs), ...m };
  if (asJson) {
    console.log(JSON.stringify(figures, null, 2));
  } else {
    const ms = (x) => `${x.toFixed(1)} ms`;
    console.log(`claims:            ${N}`);
    console.log(`render (CLI):      ${(renderMs / 1000).toFixed(1)} s (audit + ${N} charts + HTML)`);
    console.log(`file size:         ${(bytes / 1024 / 1024).toFixed(2)} MiB (${bytes} bytes)`);
    console.log(`load:              DOMContentLoaded ${ms(m.domContentLoaded)}, load event ${ms(m.load)} (from navigation start)`);
    console.log(`scroll:            ${m.frames} frames over ${(m.height / 1000).toFixed(0)}k px in ${(m.scrollTotal / 1000).toFixed(1)} s; frame time median ${ms(m.median)}, p95 ${ms(m.p95)}, max ${ms(m.max)}; ${m.over50} frames > 50 ms`);
    console.log(`controls:          sort ${ms(m.controls.sort)}, filter ${ms(m.controls.filter)}`);
    console.log(`console errors:    ${m.errors.length}; other requests: ${m.otherRequests.length}`);
  }
  if (m.errors.length || m.otherRequests.length) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
