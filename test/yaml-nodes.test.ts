import { describe, expect, it } from 'vitest';
import { parseClaims } from '../src/claims/index.js';
import { deref, mapEntries, parseYaml, seqItems } from '../src/yaml-nodes.js';

describe('aliases', () => {
  it('resolve to the nearest anchor of that name before them, as YAML says', () => {
    const { doc } = parseYaml('a: &x one\nb: *x\nc: &x two\nd: *x\n', 'f.yaml');
    const values = mapEntries(doc!.root)!.map((e) => (deref(doc!, e.value) as { value: unknown }).value);
    expect(values).toEqual(['one', 'one', 'two', 'two']);
  });

  it('a list that contains itself is read without looping', () => {
    const { claims, findings } = parseClaims('claims: &c [*c]\n', 'f.yaml');
    expect(claims).toEqual([]);
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual(['1:12 a claim must be a mapping of fields, found a list']);
  });

  it('expanding past the budget stops with one finding at the alias', () => {
    const { doc } = parseYaml('a: &a [1, 2, 3]\nb: [*a, *a, *a]\n', 'f.yaml');
    doc!.aliasBudget.left = 5;
    const b = mapEntries(doc!.root)![1]!.value;
    expect(() => seqItems(b)!.map((item) => deref(doc!, item))).toThrow(/an alias "bomb"/);
  });
});

describe('keys that name JavaScript internals', () => {
  it('are unknown fields, and pollute no prototype', () => {
    const text = 'claims:\n  - id: a\n    __proto__: { polluted: true }\n    constructor: { prototype: { polluted: true } }\n    claimant: c\n    statement: s\n    kind: result\n    sources: [{ publisher: p, title: t, __proto__: x }]\n__proto__: { polluted: true }\n';
    const { findings } = parseClaims(text, 'f.yaml');
    expect(findings.map((f) => `${f.line}:${f.column} ${f.message}`).sort()).toEqual([
      "3:5 unknown field '__proto__'",
      "4:5 unknown field 'constructor'",
      "8:41 unknown source field '__proto__'",
      "9:1 unknown top-level key '__proto__'",
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
