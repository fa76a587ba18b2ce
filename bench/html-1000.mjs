#!/usr/bin/env node
// Benchmark: an HTML report of 1,000 claims. Generates claims and evidence into bench/data/
// (gitignored), renders the report with the real CLI, opens it in headless Chromium and reports
// the file size, the load time (navigation start to the load event) and the frame times of a
// scroll from top to bottom. Run: npm run bench:html  (needs `npm run build` and /usr/bin/chromium).
//
// It also times the charts alone, in this process, drawn both ways on the same chart data: the
// previous approach (each chart's Vega-Lite spec compiled, parsed and drawn on its own) and the
// current one (each shape compiled once, one Vega view per shape, on one thread and on the pool),
// checks that both give byte-identical SVGs, and writes the speed-up measured in this run.
// The Markdown report with --charts is timed too (each CLI figure the median of three runs). Figures
// carry the load average: the machine is shared.
//
// Options: --claims N (default 1000), --json (print the figures as JSON), --no-browser (skip Chromium).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { random } from './generate.mjs'; // the same seeded PRNG (mulberry32) as the other benchmark

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Its own folder: generate() empties it, and bench/data holds the other benchmark's files.
const DATA = path.join(ROOT, 'bench', 'data', 'html-1000');
const CHROMIUM = '/usr/bin/chromium';
const args = process.argv.slice(2);
const N = Number(args[args.indexOf('--claims') + 1]) || 1000;
const asJson = args.includes('--json');
const noBrowser = args.includes('--no-browser');
const TARGET_MS = 3000;
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

/** The charts alone, in this process: the previous approach and the current one, on the same chart data. */
async function chartTimes() {
  const lib = await import(path.join(ROOT, 'dist', 'index.js'));
  const { renderChartSvg, renderChartSvgsHere, splitChart } = await import(path.join(ROOT, 'dist', 'report', 'chart-svg.js'));
  const { renderChartSvgs } = await import(path.join(ROOT, 'dist', 'report', 'chart-pool.js'));
  const result = await lib.audit({ cwd: DATA, claims: ['claims'], evidence: ['evidence'] });
  const data = result.results.map(lib.buildChartData);
  await renderChartSvg(data[0]); // load Vega before timing
  const timed = async (f) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const value = await f();
    const c = process.cpuUsage(c0);
    return { value, ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
  };
  const previous = await timed(async () => {
    const out = [];
    for (const d of data) out.push(await renderChartSvg(d));
    return out;
  });
  const stats = { shapes: 0, shared: 0, direct: 0 };
  const shared = await timed(() => renderChartSvgsHere(data, undefined, stats));
  const threads = os.availableParallelism();
  // The pool: threads - 1 workers draw, this thread splits each batch and finishes what comes back.
  // Its workers use CPU outside this thread: its figure is wall time only.
  const pool = await timed(() => renderChartSvgs(data, { threads }));
  const differing = previous.value.filter((svg, i) => svg !== shared.value[i] || svg !== pool.value[i]).length;
  // The bundled example's charts, for scale: how many shapes a small real report has.
  const example = (await lib.audit({ cwd: ROOT })).results.map(lib.buildChartData);
  return {
    shapes: new Set(data.map((d) => splitChart(d).key)).size,
    drawn: stats,
    example: { charts: example.length, shapes: new Set(example.map((d) => splitChart(d).key)).size },
    previous: { ms: previous.ms, cpuMs: previous.cpuMs },
    shared: { ms: shared.ms, cpuMs: shared.cpuMs },
    pool: { ms: pool.ms },
    threads,
    identical: differing === 0,
    differing,
  };
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
  // The median of three runs of the CLI (wall and CPU), as bench/run.mjs measures.
  const cli = (format, outFile, extra = []) => {
    const load = os.loadavg()[0];
    const runs = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const run = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, path.join(ROOT, 'bin', 'claimcheck.js'), 'audit', '--claims', 'claims', '--evidence', 'evidence', '--format', format, '--out', outFile, '--quiet', ...extra], { cwd: DATA, encoding: 'utf8' });
      const ms = performance.now() - t0;
      if (run.status !== 0) throw new Error(`claimcheck failed (${run.status}): ${run.stderr}`);
      const [user, sys] = run.stderr.trim().split('\n').pop().split(' ').map(Number);
      runs.push({ ms, cpuMs: (user + sys) * 1000 });
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[1];
    return { ms: median(runs.map((r) => r.ms)), cpuMs: median(runs.map((r) => r.cpuMs)), load };
  };
  const html = cli('html', 'audit.html');
  const md = cli('md', 'audit.md', ['--charts', 'charts']);
  const bytes = statSync(out).size;
  const charts = await chartTimes();
  const m = noBrowser ? undefined : await measure(out);
  const figures = { claims: N, bytes, renderMs: Math.round(html.ms), renderCpuMs: Math.round(html.cpuMs), markdownMs: Math.round(md.ms), markdownCpuMs: Math.round(md.cpuMs), load: html.load, charts, ...(m ?? {}) };
  if (asJson) {
    console.log(JSON.stringify(figures, null, 2));
  } else {
    const ms = (x) => `${x.toFixed(1)} ms`;
    const s = (x) => `${(x / 1000).toFixed(2)} s`;
    const met = (x) => (x <= TARGET_MS ? 'met' : 'missed');
    console.log(`claims:            ${N} (load average ${html.load.toFixed(2)} at the start; ${os.availableParallelism()} CPUs)`);
    console.log(`HTML report (CLI): ${s(html.ms)} wall, ${s(html.cpuMs)} CPU (audit + ${N} charts + HTML); target ≤ 3 s wall: ${met(html.ms)}`);
    console.log(`Markdown --charts: ${s(md.ms)} wall, ${s(md.cpuMs)} CPU (audit + ${N} chart files + Markdown); target ≤ 3 s wall: ${met(md.ms)}`);
    console.log(`file size:         ${(bytes / 1024 / 1024).toFixed(2)} MiB (${bytes} bytes)`);
    console.log(`charts alone:      previous approach (compile + parse + draw each) ${s(charts.previous.ms)} wall, ${s(charts.previous.cpuMs)} CPU, ${ms(charts.previous.cpuMs / N)} CPU a chart`);
    console.log(`                   one view per shape, 1 thread ${s(charts.shared.ms)} wall, ${s(charts.shared.cpuMs)} CPU (${charts.shapes} shapes): ${(charts.previous.cpuMs / charts.shared.cpuMs).toFixed(1)}× less CPU`);
    console.log(`                   pool: ${charts.threads - 1} drawing worker${charts.threads - 1 === 1 ? '' : 's'}, this thread preparing, ${s(charts.pool.ms)} wall: ${(charts.previous.ms / charts.pool.ms).toFixed(1)}× faster than the previous approach`);
    console.log(`                   SVGs byte-identical both ways: ${charts.identical ? 'yes' : `NO (${charts.differing} differ)`}`);
    console.log(`charts vs shapes:  ${N} charts in ${charts.shapes} shapes (${charts.drawn.shared} drawn through a shared view, ${charts.drawn.direct} the direct way: the first of each shape, checked both ways); bundled example: ${charts.example.charts} charts in ${charts.example.shapes} shapes`);
    if (m) {
      console.log(`load:              DOMContentLoaded ${ms(m.domContentLoaded)}, load event ${ms(m.load)} (from navigation start)`);
      console.log(`scroll:            ${m.frames} frames over ${(m.height / 1000).toFixed(0)}k px in ${(m.scrollTotal / 1000).toFixed(1)} s; frame time median ${ms(m.median)}, p95 ${ms(m.p95)}, max ${ms(m.max)}; ${m.over50} frames > 50 ms`);
      console.log(`controls:          sort ${ms(m.controls.sort)}, filter ${ms(m.controls.filter)}`);
      console.log(`console errors:    ${m.errors.length}; other requests: ${m.otherRequests.length}`);
    }
  }
  if (!charts.identical) process.exitCode = 1;
  if (!m) return;
  if (m.errors.length || m.otherRequests.length) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
