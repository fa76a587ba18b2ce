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

  it('every claim has a chart with its title, description and verdict badge; screenshots are saved', async () => {
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
      expect(f.texts).toContain(e.label);
      expect(f.heading).toBe(e.label);
      expect(f.size![0]).toBeGreaterThan(300);
      expect(f.size![1]).toBeGreaterThan(80);
    }
    const islamabad = found.find((f) => f.id === 'islamabad-violent-crime-15')!;
    expect(islamabad.texts).toEqual(expect.arrayContaining(['contradicted', 'baseline 2015', 'target 2018', 'trend before baseline, continued', 'comparison: Pakistan excluding Islamabad (scaled)']));

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

  it('fits a phone screen: no sideways scrolling of the page, charts scaled to the width', async () => {
    const { page, w } = await open({ width: 390, height: 844 });
    const sizes = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      widest: Math.max(...Array.from(document.querySelectorAll('figure.chart svg')).map((s) => s.getBoundingClientRect().width)),
    }));
    expect(sizes.page).toBeLessThanOrEqual(390);
    expect(sizes.widest).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'report-phone.png') });
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
