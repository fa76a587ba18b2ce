// The HTML report of the bundled example, opened in a real browser: Debian's Chromium, headless,
// driven by playwright-core. Every claim must show a chart with its verdict; the page must make no
// network request and log no console error; sorting, filtering, no-JavaScript, phone and print
// views are checked, and screenshots are saved for a person to look at.
// Skipped (with a message) only where /usr/bin/chromium is absent; `.ci/run` installs it, and under
// CI a missing browser is a failure, never a skip.
// The callbacks of page.evaluate run in the page: they are typed with the DOM library.
/// <reference lib="dom" />
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { verdictLabel } from '../../src/report/describe.js';
import { ROOT, runCli } from '../cli/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing under CI: .ci/run installs it (apt-get install -y chromium)`);
  console.warn(`skipping the browser tests: ${CHROMIUM} is absent (install it with: apt-get install -y chromium)`);
}

/** Flags that keep Chromium off the network: without the background-networking ones it tries to phone home. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Screenshots are kept (not cleaned up) so that a person can look at them; the path is printed. */
const SHOTS = path.join(os.tmpdir(), 'claimcheck-browser');

const expected = (await audit({ cwd: ROOT })).results.map((r) => ({ id: r.claim.id, verdict: r.verdict, label: verdictLabel(r) }));

interface Watch {
  requests: string[];
  problems: string[];
}

/** Record every request and every console error or uncaught exception of a page. */
function watch(page: Page): Watch {
  const w: Watch = { requests: [], problems: [] };
  page.on('request', (r) => w.requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') w.problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => w.problems.push(`uncaught: ${e.message}`));
  return w;
}

/**
 * Every overlap in the charts of a page: two labels whose boxes meet, or a data line (the observed
 * series, the claim, the trend, the comparison area, their whiskers and rules) that runs through a
 * label, sampled every pixel inside its clip rectangle. Runs in the page.
 */
function chartOverlaps(svgs: Element[]): string[] {
      // The lines a reader follows: the observed series, the claim, the trend, the comparison area (and their whiskers and rules).
      const DATA = new Set(['#1a1a1a', '#3d8fd6', '#c25700', '#7a4fa0', '#8a8a8a']);
      const out: string[] = [];
      for (const svg of svgs) {
        const name = svg.getAttribute('aria-labelledby') ?? '';
        const seen = new Set<string>();
        const texts: Array<{ text: string; r: DOMRect }> = [];
        for (const t of Array.from(svg.querySelectorAll('text'))) {
          const r = t.getBoundingClientRect();
          const key = `${t.textContent}|${Math.round(r.x)}|${Math.round(r.y)}`;
          // A label is drawn twice, on a white halo: the halo is not a second label.
          if (seen.has(key) || !t.textContent) continue;
          seen.add(key);
          texts.push({ text: t.textContent, r });
        }
        for (let i = 0; i < texts.length; i++) {
          for (let j = i + 1; j < texts.length; j++) {
            const a = texts[i]!.r;
            const b = texts[j]!.r;
            if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) out.push(`${name}: '${texts[i]!.text}' overlaps '${texts[j]!.text}'`);
          }
        }
        // Sample each data line every pixel, inside its clip rectangle, and look for a point inside a label.
        const clipOf = (el: Element): DOMRect | undefined => {
          for (let e: Element | null = el; e && e !== svg; e = e.parentElement) {
            const ref = e.getAttribute('clip-path');
            if (!ref) continue;
            const rect = svg.querySelector(`${ref.slice(4, -1)} rect`);
            const m = (e as SVGGraphicsElement).getScreenCTM();
            if (!rect || !m) return undefined;
            const p = (x: number, y: number) => new DOMPoint(x, y).matrixTransform(m);
            const x = Number(rect.getAttribute('x') ?? 0);
            const y = Number(rect.getAttribute('y') ?? 0);
            const a = p(x, y);
            const b = p(x + Number(rect.getAttribute('width')), y + Number(rect.getAttribute('height')));
            return new DOMRect(a.x, a.y, b.x - a.x, b.y - a.y);
          }
          return undefined;
        };
        // Strokes in the data colours; filled marks (dots, bands) are not lines.
        const shapes = Array.from(svg.querySelectorAll('path, line')).filter((el) => DATA.has((el.getAttribute('stroke') ?? '').toLowerCase()) && (el.tagName === 'line' || !el.getAttribute('fill') || el.getAttribute('fill') === 'none'));
        for (const el of shapes) {
          const g = el as SVGGeometryElement;
          const m = g.getScreenCTM();
          if (!m) continue;
          const clip = clipOf(el);
          const length = g.getTotalLength();
          for (let s = 0; s <= length; s += 1) {
            const q = g.getPointAtLength(s).matrixTransform(m);
            if (clip && (q.x < clip.left || q.x > clip.right || q.y < clip.top || q.y > clip.bottom)) continue;
            const hit = texts.find((t) => q.x > t.r.left + 1 && q.x < t.r.right - 1 && q.y > t.r.top + 1 && q.y < t.r.bottom - 1);
            if (hit) {
              out.push(`${name}: a line (${el.getAttribute('stroke')}) runs through '${hit.text}'`);
              break;
            }
          }
        }
      }
      return out;
}

describe.skipIf(!hasChromium)('the HTML report in headless Chromium', () => {
  let work: string;
  let profile: string;
  let url: string;
  let context: BrowserContext;

  beforeAll(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-html-'));
    profile = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-chromium-'));
    const file = path.join(work, 'audit.html');
    const r = runCli(['audit', '--format', 'html', '--out', file]);
    expect(r.status, r.stderr).toBe(0);
    url = pathToFileURL(file).href;
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1100, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (work) rmSync(work, { recursive: true, force: true });
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  /** Open the report in a new page; fail on any console error or any request but the page itself. */
  async function open(options: { width?: number; height?: number } = {}): Promise<{ page: Page; w: Watch }> {
    const page = await context.newPage();
    if (options.width) await page.setViewportSize({ width: options.width, height: options.height ?? 844 });
    const w = watch(page);
    await page.goto(url, { waitUntil: 'load' });
    return { page, w };
  }

  function expectQuiet(w: Watch): void {
    expect(w.problems).toEqual([]);
    expect(w.requests).toEqual([url]);
  }

  it('the harness notices a console error and a network request', async () => {
    const page = await context.newPage();
    const w = watch(page);
    // Port 9 is on Chromium's list of unsafe ports: the request is seen, and refused before anything is sent.
    await page.setContent('<script>console.error("boom")</script><img src="http://127.0.0.1:9/x.png">');
    await page.waitForTimeout(200);
    expect(w.problems).toContain('console error: boom');
    expect(w.requests).toContain('http://127.0.0.1:9/x.png');
    await page.close();
  });

  it('every claim has a chart with its title and description, and its id and verdict once, in the heading; screenshots are saved', async () => {
    const { page, w } = await open();
    const found = await page.$$eval('section.claim', (sections) =>
      sections.map((s) => {
        const svg = s.querySelector('figure.chart svg');
        const box = svg?.getBoundingClientRect();
        return {
          id: s.id.replace(/^claim-/, ''),
          verdict: s.getAttribute('data-verdict'),
          title: svg?.querySelector('title')?.textContent ?? null,
          desc: svg?.querySelector('desc')?.textContent ?? '',
          texts: Array.from(svg?.querySelectorAll('text') ?? []).map((t) => t.textContent),
          heading: s.querySelector('h3 .badge')?.textContent ?? null,
          badges: s.querySelectorAll('.badge').length,
          ids: s.querySelectorAll('h3 .id').length,
          size: box ? [Math.round(box.width), Math.round(box.height)] : null,
        };
      }),
    );
    expect(found.map((f) => f.id)).toEqual(expected.map((e) => e.id));
    for (const [i, f] of found.entries()) {
      const e = expected[i]!;
      expect(f.verdict).toBe(e.verdict);
      expect(f.title).toBe(`${e.id}: ${e.label}`);
      expect(f.desc).toContain(`Verdict: ${e.label}`);
      // The section's heading says the id and the verdict; the chart drawn inside does not say them again.
      expect(f.heading).toBe(e.label);
      expect([f.badges, f.ids]).toEqual([1, 1]);
      expect(f.texts).not.toContain(e.label);
      expect(f.texts).not.toContain(e.id);
      expect(f.size![0]).toBeGreaterThan(300);
      expect(f.size![1]).toBeGreaterThan(40);
    }
    const islamabad = found.find((f) => f.id === 'islamabad-violent-crime-15')!;
    expect(islamabad.texts).toEqual(expect.arrayContaining(['baseline 2015', 'target 2018', 'trend before baseline, continued', 'trend 95% prediction interval', 'comparison: Pakistan excluding Islamabad']));

    const top = path.join(SHOTS, 'report-top.png');
    const chart = path.join(SHOTS, 'chart-islamabad-violent-crime-15.png');
    await page.screenshot({ path: top });
    await page.locator('#claim-islamabad-violent-crime-15 figure.chart').screenshot({ path: chart });
    for (const f of [top, chart]) expect(statSync(f).size).toBeGreaterThan(10_000);
    console.log(`screenshots: ${top}, ${chart}`);
    expectQuiet(w);
    await page.close();
  });

  it('sorts the summary by a column and filters it (and the sections) by verdict', async () => {
    const { page, w } = await open();
    const rowIds = () => page.$$eval('#summary tbody tr:not([hidden]) td:first-child', (cells) => cells.map((c) => c.textContent));
    await page.click('#summary thead th:nth-child(6) button');
    expect(await page.getAttribute('#summary thead th:nth-child(6)', 'aria-sort')).toBe('ascending');
    const order = ['supported', 'partly-supported', 'exaggerated', 'contradicted', 'not-supported', 'inconclusive', 'unverifiable', 'no-evidence', 'pending'];
    const byVerdict = [...expected].sort((a, b) => order.indexOf(a.verdict) - order.indexOf(b.verdict)).map((e) => e.id);
    expect(await rowIds()).toEqual(byVerdict);
    await page.click('#summary thead th:nth-child(6) button');
    expect(await page.getAttribute('#summary thead th:nth-child(6)', 'aria-sort')).toBe('descending');
    expect((await rowIds())[0]).toBe(byVerdict[byVerdict.length - 1]);

    await page.selectOption('#verdict-filter', 'supported');
    const supported = expected.filter((e) => e.verdict === 'supported').map((e) => e.id);
    expect((await rowIds()).sort()).toEqual([...supported].sort());
    expect(await page.$$eval('section.claim:not([hidden])', (s) => s.map((x) => x.id.replace(/^claim-/, '')))).toEqual(supported);
    expect(await page.textContent('#filter-status')).toBe(`${supported.length} of ${expected.length} claims`);
    await page.selectOption('#verdict-filter', '');
    expect(await rowIds()).toHaveLength(expected.length);
    expectQuiet(w);
    await page.close();
  });

  it('is readable without JavaScript: every row and section shown, no dead controls', async () => {
    const profileNoJs = mkdtempSync(path.join(os.tmpdir(), 'claimcheck-chromium-'));
    const noJs = await chromium.launchPersistentContext(profileNoJs, { executablePath: CHROMIUM, headless: true, args: ARGS, javaScriptEnabled: false });
    try {
      const page = await noJs.newPage();
      const w = watch(page);
      await page.goto(url, { waitUntil: 'load' });
      expect(await page.locator('#summary tbody tr').count()).toBe(expected.length);
      expect(await page.locator('section.claim figure.chart svg').count()).toBe(expected.length);
      expect(await page.isVisible('#controls')).toBe(false);
      expect(await page.isVisible('#claim-islamabad-violent-crime-15 figure.chart svg')).toBe(true);
      expectQuiet(w);
    } finally {
      await noJs.close();
      rmSync(profileNoJs, { recursive: true, force: true });
    }
  });

  it('fits a phone screen: no sideways scrolling, the summary as cards with the verdict first, chart labels of 10 px or more', async () => {
    const { page, w } = await open({ width: 390, height: 844 });
    const sizes = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      widest: Math.max(...Array.from(document.querySelectorAll('figure.chart svg')).map((s) => s.getBoundingClientRect().width)),
    }));
    expect(sizes.page).toBeLessThanOrEqual(390);
    expect(sizes.widest).toBeLessThanOrEqual(390);

    // Each claim is a card: its verdict badge on top, whole and on the screen, above the claim's id.
    const cards = await page.$$eval('#summary tbody tr', (rows) =>
      rows.map((tr) => {
        const card = tr.getBoundingClientRect();
        const badge = tr.querySelector('.badge')!.getBoundingClientRect();
        const id = tr.querySelector('td.claim-id')!.getBoundingClientRect();
        const others = Array.from(tr.querySelectorAll('td:not(.verdict)')).map((td) => td.getBoundingClientRect().top);
        return { display: getComputedStyle(tr).display, card: [card.left, card.right], badge: [badge.left, badge.right, badge.top, badge.width], idTop: id.top, firstOther: Math.min(...others) };
      }),
    );
    expect(cards).toHaveLength(expected.length);
    for (const c of cards) {
      expect(c.display).toBe('flex');
      expect(c.badge[0]).toBeGreaterThanOrEqual(c.card[0]!);
      expect(c.badge[1]).toBeLessThanOrEqual(Math.min(c.card[1]!, 390));
      expect(c.badge[3]).toBeGreaterThan(20);
      expect(c.badge[2]).toBeLessThan(c.idTop);
      expect(c.badge[2]).toBeLessThan(c.firstOther);
    }
    // A screenshot of the first card shows its verdict: the badge's colour covers a good part of the picture.
    const first = page.locator('#summary tbody tr').first();
    const shot = path.join(SHOTS, 'phone-card.png');
    const png = await first.screenshot({ path: shot });
    const colour = await page.$eval('#summary tbody tr .badge', (b) => getComputedStyle(b).backgroundColor);
    const decoder = await context.newPage();
    const share = await decoder.evaluate(
      async ({ data, rgb }) => {
        const img = new Image();
        img.src = `data:image/png;base64,${data}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
        let n = 0;
        for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i]! - r!) < 10 && Math.abs(px[i + 1]! - g!) < 10 && Math.abs(px[i + 2]! - b!) < 10) n++;
        return n / (px.length / 4);
      },
      { data: png.toString('base64'), rgb: colour },
    );
    await decoder.close();
    expect(share).toBeGreaterThan(0.02);

    // Every text of every chart is drawn at 10 px or more: its font size times the chart's scale on this screen.
    const smallest = await page.$$eval('figure.chart svg', (svgs) =>
      svgs.map((svg) => {
        const scale = svg.getBoundingClientRect().width / (svg as SVGSVGElement).width.baseVal.value;
        const sizes = Array.from(svg.querySelectorAll('text')).map((t) => parseFloat(getComputedStyle(t).fontSize) * scale);
        return { id: svg.getAttribute('aria-labelledby'), px: Math.min(...sizes) };
      }),
    );
    for (const s of smallest) expect(s.px, s.id ?? '').toBeGreaterThanOrEqual(10);
    await page.screenshot({ path: path.join(SHOTS, 'report-phone.png') });
    expectQuiet(w);
    await page.close();
  });

  it('no chart label overlaps another label or a drawn line', async () => {
    const { page, w } = await open();
    // The check has lines to look at: the charts draw over a hundred strokes in the data colours.
    const strokes = await page.$$eval('figure.chart svg', (svgs) => svgs.map((svg) => svg.querySelectorAll('path[stroke="#1a1a1a"], line[stroke="#1a1a1a"], path[stroke="#3d8fd6"], line[stroke="#3d8fd6"]').length));
    expect(strokes.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    expect(await page.$$eval('figure.chart svg', chartOverlaps)).toEqual([]);
    // The check finds what it looks for: a label put on the observed line, and one put on another label.
    await page.evaluate(() => {
      const svg = document.querySelector('#claim-islamabad-violent-crime-15 svg')!;
      const line = Array.from(svg.querySelectorAll('path')).find((p) => p.getAttribute('stroke') === '#1a1a1a' && !p.getAttribute('fill'))!;
      const at = line.getPointAtLength(line.getTotalLength() / 2);
      const onLine = document.createElementNS('http://www.w3.org/2000/svg', 'text');
      Object.entries({ x: at.x - 12, y: at.y + 4, 'font-size': 12 }).forEach(([k, v]) => onLine.setAttribute(k, String(v)));
      onLine.textContent = 'ON-LINE';
      line.parentNode!.appendChild(onLine);
      const label = Array.from(svg.querySelectorAll('text')).find((t) => t.textContent === 'baseline 2015')!;
      const twin = label.cloneNode(true) as SVGTextElement;
      twin.textContent = 'ON-LABEL';
      label.parentNode!.appendChild(twin);
    });
    const found = (await page.$$eval('figure.chart svg', chartOverlaps)).join('\n');
    expect(found).toContain("runs through 'ON-LINE'");
    expect(found).toMatch(/'baseline 2015' overlaps 'ON-LABEL'|'ON-LABEL' overlaps 'baseline 2015'/);
    expectQuiet(w);
    await page.close();
  });

  it('prints without the controls, with every chart inside the page width and readable badges', async () => {
    const { page, w } = await open();
    await page.emulateMedia({ media: 'print' });
    expect(await page.isVisible('#controls')).toBe(false);
    const fit = await page.evaluate(() => {
      const width = document.body.getBoundingClientRect().width;
      return Array.from(document.querySelectorAll('figure.chart svg')).every((s) => s.getBoundingClientRect().width <= width + 0.5);
    });
    expect(fit).toBe(true);
    // Backgrounds are not printed: a verdict badge prints as black text in a black box.
    expect(await page.$eval('#summary .badge', (b) => [getComputedStyle(b).color, getComputedStyle(b).borderTopColor])).toEqual(['rgb(0, 0, 0)', 'rgb(0, 0, 0)']);
    expectQuiet(w);
    await page.close();
  });
});
