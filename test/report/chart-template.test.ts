// How a Vega-Lite spec is split into its shape and its values: what varies chart by chart (label
// positions and alignment, titles of any number of lines, the frame) is a value, so charts that
// draw the same things share a shape; what Vega-Lite compares across layers keeps its equalities.
import type { TopLevelSpec } from 'vega-lite';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { programOf, signalValues, splitSpec } from '../../src/report/chart-template.js';

/** A chart with a title, a shared scale, and one placed label (as chart-svg.ts writes them). */
function chart(o: { title: string[]; label: string; x: number; y: number; align: string; baseline: string; top: number; domain: [number, number] }) {
  const x = { field: 'x', type: 'quantitative', scale: { domain: o.domain } };
  return {
    width: 320,
    height: 200,
    padding: { left: 40, top: o.top, right: 14, bottom: 30 },
    title: { text: o.title },
    layer: [
      { data: { values: [{ x: 1 }, { x: 2 }] }, mark: { type: 'line', color: '#1a1a1a' }, encoding: { x, y: { field: 'x', type: 'quantitative' } } },
      { data: { values: [{}] }, mark: { type: 'text', text: o.label, align: o.align, baseline: o.baseline, fill: '#1a1a1a' }, encoding: { x: { value: o.x }, y: { value: o.y } } },
    ],
  };
}

const base = { title: ['Region 1 / burglaries, 2015 → 2018'], label: '1,234', x: 120, y: 40, align: 'center', baseline: 'bottom', top: 50, domain: [0, 10] as [number, number] };

describe('splitSpec', () => {
  it('gives charts that differ in label text, position, alignment, title lines and frame one shape', () => {
    const a = splitSpec(chart(base));
    const b = splitSpec(chart({ title: ['Region 2 / robberies, 2015 → 2018', 'claimed -20%', 'a third line'], label: '98', x: 7, y: 160, align: 'left', baseline: 'middle', top: 71, domain: [5, 900] }));
    expect(b.key).toBe(a.key);
    expect(b.params).toContainEqual(['Region 2 / robberies, 2015 → 2018', 'claimed -20%', 'a third line']);
    expect(b.params).toEqual(expect.arrayContaining(['98', 7, 160, 'left', 'middle', 71, 5, 900]));
    expect(b.datasets).toEqual([[{ x: 1 }, { x: 2 }], [{}]]);
  });

  it('gives a fixed position a token of its own even when it equals another value (a coincidence, not a shape)', () => {
    const a = splitSpec(chart({ ...base, x: 120, y: 40 }));
    const b = splitSpec(chart({ ...base, x: 40, y: 40 })); // x equals the padding's left side
    expect(b.key).toBe(a.key);
  });

  it('keeps equal values equal where Vega-Lite compares them: a domain whose ends coincide is another shape', () => {
    expect(splitSpec(chart({ ...base, domain: [3, 3] })).key).not.toBe(splitSpec(chart(base)).key);
  });

  it('leaves an empty title as it is (it may compile to something else)', () => {
    expect(splitSpec(chart({ ...base, title: [] })).key).not.toBe(splitSpec(chart(base)).key);
  });

  it('turns the tokens of a compiled shape into signals with the chart’s values: the padding as one object', () => {
    const split = splitSpec(chart(base));
    const program = programOf(compile(split.shape as TopLevelSpec).spec, split)!;
    expect(program).toBeDefined();
    const spec = program.vegaSpec as { height: { signal: string }; padding: { signal: string }; title: { text: { signal: string } }; marks: Array<{ type: string; encode: { update: { x: { signal?: string } } } }> };
    const values = new Map(signalValues(program, split.params));
    expect(values.get(spec.height.signal)).toBe(200);
    expect(values.get(spec.padding.signal)).toEqual({ left: 40, top: 50, right: 14, bottom: 30 });
    expect(values.get(spec.title.text.signal)).toEqual(base.title);
    const text = spec.marks.find((m) => m.type === 'text')!;
    expect(values.get(text.encode.update.x.signal!)).toBe(120);
    // Both data sets are named sources, left empty for each chart to fill.
    expect([...program.data.keys()].sort()).toEqual([0, 1]);
  });
});
