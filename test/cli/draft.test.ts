// `claimcheck draft` end to end through the built CLI: draft → validate (only the placeholders) →
// fill them → validate → audit; never overwriting; --merge; --format json and yaml.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMap, isSeq, parseDocument } from 'yaml';
import { ROOT, runCli, tempDir } from './helpers.js';

const SOURCES = path.join(ROOT, 'test/fixtures/draft/sources');
const EPOCH = 'epoch-times-safe-city-ineffective.txt';
const BES = 'bes-lawsuit-lahore.txt';

/** A working directory with the bundled evidence and two of the source texts. */
function workspace(): string {
  const dir = tempDir();
  cpSync(path.join(ROOT, 'evidence'), path.join(dir, 'evidence'), { recursive: true });
  mkdirSync(path.join(dir, 'sources'));
  for (const f of [EPOCH, BES]) cpSync(path.join(SOURCES, f), path.join(dir, 'sources', f));
  return dir;
}

/** The findings validate printed as errors: [file:line, message]. */
function errors(stderr: string): Array<[string, string]> {
  return [...stderr.matchAll(/^(\S+?:\d+):\d+: error: (.*)$/gm)].map((m) => [m[1]!, m[2]!]);
}

describe('claimcheck draft', () => {
  it('drafts a claims file whose only problems are its placeholders; filled in, it validates and audits', () => {
    const dir = workspace();
    const drafted = runCli(['draft', `sources/${EPOCH}`, '--evidence', 'evidence', '--out', 'claims/draft.yaml'], { cwd: dir });
    expect(drafted.status, drafted.stderr).toBe(0);
    expect(drafted.stderr).toContain('wrote claims/draft.yaml');
    // What to run next is the command that works here — the one init prints in the same place.
    const init = runCli(['init', 'project'], { cwd: dir });
    const command = /Next: cd project && (.+) audit\n/.exec(init.stdout)?.[1];
    expect(command, init.stdout).toBeDefined();
    expect(drafted.stderr).toContain(`('${command} validate claims/draft.yaml' lists them), then run '${command} audit'`);
    const text = readFileSync(path.join(dir, 'claims/draft.yaml'), 'utf8');
    const lines = text.split('\n');

    // validate: every error is a draft field, at a line holding a TODO.
    const check = runCli(['validate', 'claims/draft.yaml'], { cwd: dir });
    expect(check.status).toBe(2);
    const found = errors(check.stderr);
    expect(found.length).toBeGreaterThan(20);
    for (const [where, message] of found) {
      expect(message).toMatch(/^draft field '\w+' to resolve/);
      expect(lines[Number(where.split(':')[1]) - 1]).toContain('TODO');
    }

    // A reviewer keeps two claims, resolves their placeholders and deletes the rest.
    const doc = parseDocument(text);
    const claims = doc.get('claims');
    if (!isSeq(claims)) throw new Error('no claims list');
    const keep: Record<string, Record<string, string>> = {
      'dacoity-244': { claimant: 'The Epoch Times (reporting police figures)', statement: 'Dacoity rose by 244% from 2017 to 2018.', region: 'Islamabad' },
      'pakistan-2-9': { statement: 'Reported crime in Pakistan rose by 2.9% from 2017 to 2018.', metric: 'total_recorded_crime' },
    };
    claims.items = claims.items.filter((item) => isMap(item) && String(item.get('id')) in keep);
    expect(claims.items.length).toBe(2);
    for (const item of claims.items) {
      if (!isMap(item)) continue;
      for (const [k, v] of Object.entries(keep[String(item.get('id'))]!)) item.set(k, v);
      const source = (item.get('sources') as { items: unknown[] }).items[0];
      if (!isMap(source)) throw new Error('no source');
      source.set('publisher', 'The Epoch Times');
      source.delete('date');
      source.delete('url');
      // What the draft settled stays as it was drafted.
      expect(String(item.get('found_at'))).toMatch(new RegExp(`^sources/${EPOCH}:\\d+:\\d+$`));
    }
    expect(doc.toString()).not.toMatch(/: "?TODO/);
    writeFileSync(path.join(dir, 'claims/draft.yaml'), doc.toString());

    const valid = runCli(['validate', 'claims/draft.yaml'], { cwd: dir });
    expect(valid.status, valid.stderr).toBe(0);
    expect(valid.stdout).toContain('2 valid claims');

    const audit = runCli(['audit', '--format', 'json'], { cwd: dir });
    expect(audit.status, audit.stderr).toBe(0);
    const report = JSON.parse(audit.stdout) as { results: Array<{ id: string; verdict: string }> };
    expect(report.results.map((r) => r.id).sort()).toEqual(['dacoity-244', 'pakistan-2-9']);
    for (const r of report.results) expect(r.verdict).not.toBe('no-evidence');
  });

  it('never overwrites: --out refuses an existing file, which stays as it was', () => {
    const dir = workspace();
    mkdirSync(path.join(dir, 'claims'));
    writeFileSync(path.join(dir, 'claims/mine.yaml'), 'claims: []\n');
    const r = runCli(['draft', `sources/${EPOCH}`, '--out', 'claims/mine.yaml'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('claims/mine.yaml: error: the file exists; draft never overwrites a claims file');
    expect(r.stderr).toContain('--merge');
    expect(readFileSync(path.join(dir, 'claims/mine.yaml'), 'utf8')).toBe('claims: []\n');
    const self = runCli(['draft', `sources/${EPOCH}`, '--merge', '--out', `sources/${EPOCH}`], { cwd: dir });
    expect(self.status).toBe(2);
    expect(self.stderr).toContain("one of this run's inputs");
  });

  it('--merge adds only the claims whose quote is new, keeping the file as it was before them', () => {
    const dir = workspace();
    expect(runCli(['draft', `sources/${EPOCH}`, '--evidence', 'evidence', '--out', 'claims/draft.yaml', '-q'], { cwd: dir }).status).toBe(0);
    const before = readFileSync(path.join(dir, 'claims/draft.yaml'), 'utf8');
    const idsBefore = [...before.matchAll(/^ {2}- id: (\S+)$/gm)].map((m) => m[1]);

    const merged = runCli(['draft', `sources/${EPOCH}`, `sources/${BES}`, '--evidence', 'evidence', '--out', 'claims/draft.yaml', '--merge'], { cwd: dir });
    expect(merged.status, merged.stderr).toBe(0);
    const after = readFileSync(path.join(dir, 'claims/draft.yaml'), 'utf8');
    expect(after.startsWith(before)).toBe(true);
    const idsAfter = [...after.matchAll(/^ {2}- id: (\S+)$/gm)].map((m) => m[1]);
    const added = idsAfter.slice(idsBefore.length);
    expect(added.length).toBeGreaterThan(0);
    expect(merged.stderr).toContain(`added ${added.length} claims to claims/draft.yaml (${idsBefore.length} claims left out: their quote is already there)`);
    expect(new Set(idsAfter).size).toBe(idsAfter.length);
    // Every added claim comes from the new text.
    const quotesAdded = after.slice(before.length).match(/found_at: \S+/g)!;
    for (const q of quotesAdded) expect(q).toContain(BES);

    const again = runCli(['draft', `sources/${BES}`, '--out', 'claims/draft.yaml', '--merge'], { cwd: dir });
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('added 0 claims');
    expect(readFileSync(path.join(dir, 'claims/draft.yaml'), 'utf8')).toBe(after);
  });

  it('--format json lists each claim with its resolved and unresolved fields, the same on every run', () => {
    const dir = workspace();
    const a = runCli(['draft', `sources/${BES}`, '--evidence', 'evidence', '--format', 'json'], { cwd: dir });
    const b = runCli(['draft', `sources/${BES}`, '--evidence', 'evidence', '--format', 'json'], { cwd: dir });
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const out = JSON.parse(a.stdout) as { claims: Array<{ id: string; quote: string; number: { start: number; end: number; text: string }; found_at: string; fields: Record<string, { resolved: boolean; value?: unknown; from?: string; todo?: string }>; unresolved: string[] }> };
    const free = out.claims.find((c) => c.number.text === 'crime-free')!;
    expect(free.quote.slice(free.number.start, free.number.end)).toBe('crime-free');
    expect(free.fields.change).toEqual({ resolved: true, value: '-100%', from: 'crime-free' });
    expect(free.fields.kind).toMatchObject({ resolved: true, value: 'forecast' });
    expect(free.unresolved).toContain('statement');
    expect(free.found_at).toBe(`sources/${BES}:5:1`);
    expect(readFileSync(path.join(dir, 'sources', BES), 'utf8').split('\n')[4]!.startsWith(free.quote)).toBe(true);
  });

  it('prints the claims with their quotes and which fields are resolved; --format yaml prints the claims file', () => {
    const dir = workspace();
    const r = runCli(['draft', `sources/${BES}`, '--evidence', 'evidence'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`sources/${BES}:4:101  lahore-cameras-8000`);
    expect(r.stdout).toMatch(/✓ value {4}>= 8000/);
    expect(r.stdout).toMatch(/\? statement|\? target|\? claimant/);
    expect(r.stdout).toMatch(/4 claims drafted from 1 document/);
    const y = runCli(['draft', `sources/${BES}`, '--evidence', 'evidence', '--format', 'yaml'], { cwd: dir });
    expect(y.stdout).toMatch(/^# Claims drafted by `claimcheck draft`/);
    expect(y.stdout).toContain('  - id: lahore-cameras-8000');
  });

  it('bad input: a missing document, --merge without --out', () => {
    const dir = workspace();
    const missing = runCli(['draft', 'sources/nope.html', 'sources/gone.pdf', '--out', 'claims/x.yaml'], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('sources/nope.html: error: no such file');
    expect(missing.stderr).toContain('no claims file written');
    // Printed as every command prints findings (src/cli/print.ts): in file order, each with its hint, then the count.
    const lines = missing.stderr.split('\n');
    expect(lines.filter((l) => / error: /.test(l))).toEqual(['sources/gone.pdf: error: no such file', 'sources/nope.html: error: no such file']);
    expect(lines.filter((l) => l.startsWith('  hint: '))).toHaveLength(2);
    expect(lines).toContain('2 errors, 0 warnings');
    expect(lines.indexOf('2 errors, 0 warnings')).toBeLessThan(lines.indexOf('no claims file written: fix the errors above'));
    // The same format as validate's for the same problem: `file: error: message`, then `  hint: …`.
    const validate = runCli(['validate', 'sources/nope.yaml'], { cwd: dir });
    expect(validate.stderr).toMatch(/^sources\/nope\.yaml: error: .+\n {2}hint: .+\n1 error, 0 warnings\n/);
    const merge = runCli(['draft', `sources/${BES}`, '--merge'], { cwd: dir });
    expect(merge.status).toBe(2);
    expect(merge.stderr).toContain('--merge adds to an existing claims file: name it with --out FILE');
  });
});
