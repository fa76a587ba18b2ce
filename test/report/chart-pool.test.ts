// Charts drawn many at a time (one compiled spec and one Vega view per shape, on several threads)
// are byte-identical to charts drawn one at a time the direct way (compile, parse, render), on the
// bundled example and every test fixture that has charts.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { buildChartData, type ChartData } from '../../src/report/chart-data.js';
import { spawnSync } from 'node:child_process';
import { batchesOf, likelyShape, renderChartSvgs, startChartThreads } from '../../src/report/chart-pool.js';
import { ChartDrawer, finishSvg, renderChartSvg, renderChartSvgsHere, splitChart, type ChartDrawStats } from '../../src/report/chart-svg.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../fixtures');

/** Every claim's chart data from an audit of `dir` (claims and evidence in their default places unless named). */
async function chartsOf(dir: string, claims?: string[], evidence?: string[]): Promise<ChartData[]> {
  const result = await audit({ cwd: dir, ...(claims ? { claims } : {}), ...(evidence ? { evidence } : {}) });
  expect(result.results.length).toBeGreaterThan(0);
  return result.results.map(buildChartData);
}

const sources: Array<[string, Promise<ChartData[]>]> = [
  ['the bundled example', chartsOf(path.resolve(here, '../..'))],
  ['stats/worked-examples', chartsOf(path.join(fixtures, 'stats/worked-examples'))],
  ['cli/all-verdicts', chartsOf(path.join(fixtures, 'cli/all-verdicts'))],
  ['cli/aggregated-incidents', chartsOf(path.join(fixtures, 'cli/aggregated-incidents'))],
  ['cli/series-split-across-files', chartsOf(path.join(fixtures, 'cli/series-split-across-files'))],
  ['cli/markdown-hostile-text', chartsOf(path.join(fixtures, 'cli/markdown-hostile-text'))],
  ['good', chartsOf(path.join(fixtures, 'good'), ['claims.yaml'], ['evidence.csv'])],
  ['charts/many-of-few-shapes', chartsOf(path.join(fixtures, 'charts/many-of-few-shapes'), ['claims.yaml'], ['crime.csv'])],
];

// Every fixture's charts drawn together, so that charts of one shape from different fixtures share a
// view, and in reverse as well, so that each chart follows different charts than the first time.
const all = (await Promise.all(sources.map(([, charts]) => charts))).flat();
const direct = await Promise.all(all.map((d) => renderChartSvg(d)));

describe('renderChartSvgs: many charts through one view per shape', () => {
  it('charts come in few shapes (label positions, titles and the frame are values, not shape), and every shape is drawn through its shared view', async () => {
    const shapesOf = (charts: ChartData[]) => new Set(charts.map((d) => splitChart(d).key)).size;
    // 60 claims of the kinds a report holds most (changes with and without a comparison area, a
    // level, a forecast), each with its own numbers, labels and title: a handful of shapes.
    const many = await sources.find(([name]) => name === 'charts/many-of-few-shapes')![1];
    expect(many).toHaveLength(60);
    expect(shapesOf(many)).toBeLessThanOrEqual(8);
    expect(shapesOf(all)).toBeLessThanOrEqual(all.length / 3);
    // No shape falls back to the direct way: the first chart of each is byte-identical both ways.
    const stats: ChartDrawStats = { shapes: 0, shared: 0, direct: 0 };
    await renderChartSvgsHere(all, undefined, stats);
    expect(stats.shapes).toBe(shapesOf(all));
    expect(stats.direct).toBe(stats.shapes);
    expect(stats.shared).toBe(all.length - stats.shapes);
  });

  for (const [name, charts] of sources) {
    it(`${name}: every chart byte-identical to the direct renderer's`, async () => {
      const mine = await charts;
      const start = all.indexOf(mine[0]!);
      const svgs = await renderChartSvgsHere(mine);
      mine.forEach((d, i) => expect(svgs[i], d.id).toBe(direct[start + i]));
    });
  }

  it('all fixtures together, forwards and backwards, on this thread: byte-identical to the direct renderer', async () => {
    const forwards = await renderChartSvgsHere(all);
    all.forEach((d, i) => expect(forwards[i], d.id).toBe(direct[i]));
    const backwards = await renderChartSvgsHere([...all].reverse());
    [...all].reverse().forEach((d, i) => expect(backwards[i], d.id).toBe(direct[all.length - 1 - i]));
  });

  it('charts of many shapes interleaved through one drawer (more shapes than it keeps views of): byte-identical', async () => {
    // Round-robin over the shapes, so every chart follows one of another shape and views are
    // closed and opened again (25 shapes, 16 views kept).
    const byShape = new Map<string, number[]>();
    all.forEach((d, i) => byShape.set(splitChart(d).key, [...(byShape.get(splitChart(d).key) ?? []), i]));
    expect(byShape.size).toBeGreaterThan(16);
    const order: number[] = [];
    for (let k = 0; order.length < all.length; k++) for (const members of byShape.values()) if (k < members.length) order.push(members[k]!);
    const stats: ChartDrawStats = { shapes: 0, shared: 0, direct: 0 };
    const drawer = new ChartDrawer(stats);
    try {
      for (const i of order) expect(await drawer.draw(all[i]!), all[i]!.id).toBe(direct[i]);
    } finally {
      drawer.finalize();
    }
    expect(stats.direct).toBe(byShape.size);
  });

  it('on three threads (this one and two workers, taking batches from both ends of the queue): byte-identical, in the order given', async () => {
    const svgs = await renderChartSvgs(all, { threads: 3 });
    expect(svgs).toHaveLength(all.length);
    all.forEach((d, i) => expect(svgs[i], d.id).toBe(direct[i]));
  });
});

describe('drawing on worker threads while this thread prepares', () => {
  it('threads started ahead (as the CLI starts them, before the audit) draw every chart byte-identical, each reported once as it is drawn', async () => {
    const threads = startChartThreads(1);
    try {
      expect(threads.size).toBe(1);
      const reported = new Map<number, string>();
      // Few charts: threads already started are used whatever the count (a new one would not pay for its start).
      const some = all.slice(0, 30);
      const svgs = await renderChartSvgs(some, { started: threads, onChart: (i, svg) => {
        expect(reported.has(i), `chart ${i} reported twice`).toBe(false);
        reported.set(i, svg);
      } });
      some.forEach((d, i) => {
        expect(svgs[i], d.id).toBe(direct[i]);
        expect(reported.get(i), d.id).toBe(direct[i]);
      });
      expect(reported.size).toBe(some.length);
      // The same threads serve a second run (their views kept): still byte-identical.
      const again = await renderChartSvgs([...all].reverse(), { started: threads });
      [...all].reverse().forEach((d, i) => expect(again[i], d.id).toBe(direct[all.length - 1 - i]));
    } finally {
      threads.stop();
    }
  });

  it('a run that fails with batches still queued on a worker: the next run on the same threads gets only its own charts', async () => {
    const threads = startChartThreads(1);
    try {
      // A chart this thread cannot even split (no observed values): the run fails at its batch,
      // while the worker still has earlier batches to draw and answer.
      const broken = { ...all[0]!, id: 'broken', observed: undefined } as unknown as ChartData;
      const many = [...all, ...all, ...all];
      await expect(renderChartSvgs([...many.slice(0, 80), broken, ...many.slice(80)], { started: threads })).rejects.toThrow();
      const svgs = await renderChartSvgs(all, { started: threads });
      all.forEach((d, i) => expect(svgs[i], d.id).toBe(direct[i]));
    } finally {
      threads.stop();
    }
  });

  it('threads stopped during a run: the run fails, and its charts are not drawn on this thread instead', async () => {
    const threads = startChartThreads(1);
    const drawing = renderChartSvgs([...all, ...all], { started: threads });
    threads.stop();
    await expect(drawing).rejects.toThrow(/stopped before every chart was drawn/);
  });

  it('a chart drawn unfinished and finished elsewhere is the chart drawn whole', async () => {
    const drawer = new ChartDrawer();
    try {
      let unfinished = 0;
      for (const [i, d] of all.entries()) {
        const drawn = await drawer.drawUnfinished(d);
        if (!drawn.finished) unfinished++;
        expect(drawn.finished ? drawn.svg : finishSvg(drawn.svg, d), d.id).toBe(direct[i]);
      }
      // Only the first chart of each shape is drawn the direct way (and comes finished).
      expect(unfinished).toBe(all.length - new Set(all.map((d) => splitChart(d).key)).size);
    } finally {
      drawer.finalize();
    }
  });

  it('the likely shape batches are grouped by is read from the chart data alone, and charts of one shape share it', () => {
    const likely = new Map<string, Set<string>>();
    for (const d of all) {
      const key = splitChart(d).key;
      likely.set(key, (likely.get(key) ?? new Set()).add(likelyShape(d)));
    }
    for (const guesses of likely.values()) expect(guesses.size).toBe(1);
    // A guess, coarser than the shape: never more groups than shapes.
    expect(new Set(all.map(likelyShape)).size).toBeLessThanOrEqual(likely.size);
  });

  it('threads started and never used do not keep the process alive', () => {
    const script = `import(${JSON.stringify(path.resolve(here, '../../dist/report/chart-pool.js'))}).then((m) => { m.startChartThreads(2); console.log('started'); })`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(run.error).toBeUndefined();
    expect(run.stdout).toBe('started\n');
    expect(run.status).toBe(0);
  });
});

describe('batchesOf', () => {
  it('cuts charts into batches of one shape, largest shapes first, every chart once', () => {
    const keys = ['a', 'b', 'a', 'c', 'a', 'b', 'a', 'a', 'd'];
    const batches = batchesOf(keys, 2);
    expect(batches).toEqual([[0, 2], [4, 6], [7], [1, 5], [3], [8]]);
    for (const b of batches) expect(new Set(b.map((i) => keys[i])).size).toBe(1);
    expect(batches.flat().sort((x, y) => x - y)).toEqual(keys.map((_, i) => i));
  });
  it('makes no batch of nothing', () => {
    expect(batchesOf([], 4)).toEqual([]);
    expect(batchesOf(['a'], 4)).toEqual([[0]]);
  });
});
