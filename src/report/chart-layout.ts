// Where a chart's labels go: pure geometry, in the plot's pixels. A label is placed where it
// overlaps no line, no other label and nothing outside the plot, trying the places nearest its point
// first; the spec (chart-svg.ts) draws each label where this puts it. Text widths are estimated
// generously (wider than Helvetica or Arial draws them), so a label that fits here fits in a browser.

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A generous estimate of a label's size in pixels: 0.62 em a character (digits are 0.56 em in Helvetica). */
export function textBox(text: string, fontSize: number): { width: number; height: number } {
  return { width: [...text].length * fontSize * 0.62 + 2, height: fontSize * 1.25 };
}

export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/** Whether a segment passes through a box (Liang–Barsky clipping). */
export function segmentHitsBox(s: Segment, b: Box): boolean {
  const dx = s.x1 - s.x0;
  const dy = s.y1 - s.y0;
  let t0 = 0;
  let t1 = 1;
  const clip = (p: number, q: number): boolean => {
    if (p === 0) return q >= 0;
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
    return true;
  };
  return clip(-dx, s.x0 - b.x0) && clip(dx, b.x1 - s.x0) && clip(-dy, s.y0 - b.y0) && clip(dy, b.y1 - s.y0) && t0 <= t1;
}

/** The segments of a polyline. */
export function polyline(points: Array<[number, number]>): Segment[] {
  const out: Segment[] = [];
  for (let i = 1; i < points.length; i++) out.push({ x0: points[i - 1]![0], y0: points[i - 1]![1], x1: points[i]![0], y1: points[i]![1] });
  return out;
}

export interface PlacedLabel {
  text: string;
  /** The text's anchor in pixels, with the alignment to draw it with. */
  x: number;
  y: number;
  align: 'left' | 'center' | 'right';
  baseline: 'top' | 'middle' | 'bottom';
  box: Box;
}

/** The box of a text drawn at (x, y) with an alignment. */
function boxAt(x: number, y: number, w: number, h: number, align: PlacedLabel['align'], baseline: PlacedLabel['baseline']): Box {
  const x0 = align === 'left' ? x : align === 'right' ? x - w : x - w / 2;
  const y0 = baseline === 'top' ? y : baseline === 'bottom' ? y - h : y - h / 2;
  return { x0, y0, x1: x0 + w, y1: y0 + h };
}

/**
 * Place a label near the point (px, py), clear of `segments`, of `taken` boxes (other labels, dots)
 * and inside `area`, padded by `gap` pixels. Tries above, below, right, left and the four corners at
 * growing distances; when nowhere is clear, the place with the fewest collisions. The label's box is
 * added to `taken`.
 */
export function placeLabel(text: string, fontSize: number, px: number, py: number, segments: Segment[], taken: Box[], area: Box, gap = 2): PlacedLabel {
  const { width: w, height: h } = textBox(text, fontSize);
  let best: { label: PlacedLabel; hits: number } | undefined;
  for (const d of [7, 11, 16, 22]) {
    const candidates: Array<[number, number, PlacedLabel['align'], PlacedLabel['baseline']]> = [
      [px, py - d, 'center', 'bottom'],
      [px, py + d, 'center', 'top'],
      [px + d, py, 'left', 'middle'],
      [px - d, py, 'right', 'middle'],
      [px + d * 0.7, py - d * 0.7, 'left', 'bottom'],
      [px - d * 0.7, py - d * 0.7, 'right', 'bottom'],
      [px + d * 0.7, py + d * 0.7, 'left', 'top'],
      [px - d * 0.7, py + d * 0.7, 'right', 'top'],
    ];
    for (const [x, y, align, baseline] of candidates) {
      const box = boxAt(x, y, w, h, align, baseline);
      const padded = { x0: box.x0 - gap, y0: box.y0 - gap, x1: box.x1 + gap, y1: box.y1 + gap };
      const inside = box.x0 >= area.x0 && box.x1 <= area.x1 && box.y0 >= area.y0 && box.y1 <= area.y1;
      const hits = (inside ? 0 : 100) + segments.filter((s) => segmentHitsBox(s, padded)).length + taken.filter((t) => boxesOverlap(t, padded)).length;
      const label = { text, x, y, align, baseline, box };
      if (hits === 0) {
        taken.push(box);
        return label;
      }
      if (!best || hits < best.hits) best = { label, hits };
    }
  }
  taken.push(best!.label.box);
  return best!.label;
}
