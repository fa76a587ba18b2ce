// JSON-stat 2.0 datasets (https://json-stat.org/format/) → rows for the table reader: one column per
// dimension (its category codes), then `value` and `flags` (the dataset's `status`). Values are laid
// out in row-major order over the dimensions in `id` order (the last varies fastest), as the format
// says. Every row is placed at its value in the file, so errors point there.
import type { Node } from 'jsonc-parser';
import { clip } from '../../format.js';
import type { Finding } from '../../types.js';
import type { CsvRow } from './csv.js';
import { describeJson, members, nodeAt, type JsonDoc } from './json.js';

/** Fields a dataset's dimension roles suggest: `role.time` → period, `role.geo` → region, `role.metric` → metric. */
export interface JsonStatRoles {
  period?: string;
  region?: string;
  metric?: string;
}

/** More cells than this is not a dataset to read whole. */
const MAX_CELLS = 20_000_000;

export function jsonStatToRows(doc: JsonDoc, source: string, dataset: Node): { rows: CsvRow[]; roles: JsonStatRoles; findings: Finding[] } {
  const findings: Finding[] = [];
  const fail = (node: Node, message: string, hint = 'see https://json-stat.org/format/ for the dataset layout') => {
    findings.push({ severity: 'error', code: 'json-stat', ...nodeAt(doc, node), message, hint });
    return { rows: [], roles: {}, findings };
  };
  if (dataset.type !== 'object') return fail(dataset, `a JSON-stat dataset is an object, found ${describeJson(dataset)}`, 'point at the dataset with pointer: (e.g. pointer: /datasetname in a bundle)');
  const m = members(dataset);
  const cls = m.get('class')?.value;
  if (cls && cls.value !== 'dataset') return fail(cls, `this JSON-stat object is a ${clip(String(cls.value))}, not a dataset`, "point at one dataset with pointer: (a collection's datasets are under /link/item)");
  const idNode = m.get('id')?.value;
  const sizeNode = m.get('size')?.value;
  const dimNode = m.get('dimension')?.value;
  const valueNode = m.get('value')?.value;
  for (const [name, node] of [['id', idNode], ['size', sizeNode], ['dimension', dimNode], ['value', valueNode]] as const) {
    if (!node) return fail(dataset, `a JSON-stat 2.0 dataset needs '${name}'`, "JSON-stat 1.x datasets (without 'id' and 'size' at the top) are not read; ask the publisher for version 2.0");
  }
  const ids = (idNode!.children ?? []).map((c) => (c.type === 'string' ? String(c.value) : undefined));
  const sizes = (sizeNode!.children ?? []).map((c) => (c.type === 'number' && Number.isInteger(c.value) && c.value >= 0 ? Number(c.value) : undefined));
  if (idNode!.type !== 'array' || ids.some((x) => x === undefined)) return fail(idNode!, `'id' must be a list of dimension names, found ${describeJson(idNode)}`);
  if (sizeNode!.type !== 'array' || sizes.some((x) => x === undefined) || sizes.length !== ids.length) return fail(sizeNode!, `'size' must list one whole number per dimension of 'id' (${ids.length}), found ${describeJson(sizeNode)}`);
  const dims = members(dimNode);
  const codes: string[][] = [];
  for (const [k, id] of (ids as string[]).entries()) {
    const d = dims.get(id);
    if (!d) return fail(dimNode!, `'dimension' has no '${clip(id)}', which 'id' lists`);
    const cat = members(d.value).get('category')?.value;
    if (!cat) return fail(d.value, `dimension '${clip(id)}' has no 'category'`);
    const cm = members(cat);
    const index = cm.get('index')?.value;
    const label = cm.get('label')?.value;
    let list: string[] | undefined;
    if (index?.type === 'array') list = (index.children ?? []).map((c) => String(c.value));
    else if (index?.type === 'object') {
      list = [];
      for (const [code, p] of members(index)) {
        const at = p.value.value;
        if (typeof at !== 'number' || !Number.isInteger(at) || at < 0) return fail(p.value, `category index of '${clip(code)}' in '${clip(id)}' must be a position (0, 1, …), found ${describeJson(p.value)}`);
        list[at] = code;
      }
    } else if (!index && label?.type === 'object' && members(label).size === 1) list = [...members(label).keys()];
    if (!list || list.some((x) => x === undefined)) return fail(cat, `dimension '${clip(id)}' has no usable category index`, 'category.index is a list of codes or an object { code: position }; without it, one category in label');
    if (list.length !== sizes[k]) return fail(sizeNode!.children![k]!, `'size' says dimension '${clip(id)}' has ${sizes[k]} categories, its index has ${list.length}`);
    codes.push(list);
  }
  const total = (sizes as number[]).reduce((a, b) => a * b, 1);
  if (total > MAX_CELLS) return fail(sizeNode!, `the dataset has ${total} cells, more than ${MAX_CELLS} read at once`, 'ask the publisher\'s API for a smaller selection');
  // Values: a list of `total`, or a sparse object { position: value }.
  const cells: Array<[number, Node]> = [];
  if (valueNode!.type === 'array') {
    const vs = valueNode!.children ?? [];
    if (vs.length !== total) return fail(valueNode!, `'value' has ${vs.length} values, the dimensions make ${total} (${(sizes as number[]).join(' × ')})`);
    vs.forEach((v, i) => cells.push([i, v]));
  } else if (valueNode!.type === 'object') {
    for (const [k, p] of members(valueNode)) {
      const i = /^(0|[1-9]\d*)$/.test(k) ? Number(k) : NaN;
      if (!(i < total)) return fail(p.key, `'value' key '${clip(k)}' is not a position below ${total}`);
      cells.push([i, p.value]);
    }
    cells.sort((a, b) => a[0] - b[0]);
  } else return fail(valueNode!, `'value' must be a list or an object, found ${describeJson(valueNode)}`);
  const statusNode = m.get('status')?.value;
  const statusOf = (i: number): string => {
    if (!statusNode) return '';
    if (statusNode.type === 'string') return String(statusNode.value);
    if (statusNode.type === 'array') {
      const s = statusNode.children?.[statusNode.children.length === 1 ? 0 : i];
      return s?.type === 'string' ? String(s.value) : '';
    }
    const s = members(statusNode).get(String(i))?.value;
    return s?.type === 'string' ? String(s.value) : '';
  };
  const roleNode = m.get('role')?.value ?? members(dimNode).get('role')?.value;
  const roles: JsonStatRoles = {};
  const firstOf = (name: string) => {
    const r = members(roleNode).get(name)?.value;
    const first = r?.children?.[0];
    return first?.type === 'string' ? String(first.value) : undefined;
  };
  const roleTime = firstOf('time');
  const roleGeo = firstOf('geo');
  const roleMetric = firstOf('metric');
  if (roleTime) roles.period = roleTime;
  if (roleGeo) roles.region = roleGeo;
  if (roleMetric) roles.metric = roleMetric;

  const header = [...(ids as string[]), 'value', 'flags'];
  const headerAt = doc.at(idNode!.offset);
  const rows: CsvRow[] = [{ line: headerAt.line, fields: header, positions: header.map(() => headerAt) }];
  const strides = (sizes as number[]).map((_, k) => (sizes as number[]).slice(k + 1).reduce((a, b) => a * b, 1));
  for (const [i, v] of cells) {
    const at = doc.at(v.offset);
    let text: string;
    // A number as written, so 2019.10 stays 2019.10 for the number reader.
    if (v.type === 'number') text = source.slice(v.offset, v.offset + v.length);
    else if (v.type === 'null') text = '';
    else {
      findings.push({ severity: 'error', code: 'json-stat', file: doc.file, ...at, message: `a value must be a number or null, found ${describeJson(v)}`, hint: 'JSON-stat values are numbers; a missing value is null' });
      continue;
    }
    const fields = codes.map((list, k) => list[Math.floor(i / strides[k]!) % list.length]!);
    fields.push(text, statusOf(i));
    rows.push({ line: at.line, fields, positions: fields.map(() => at) });
  }
  return { rows, roles, findings };
}
