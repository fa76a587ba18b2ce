// Frictionless Data Packages (datapackage.json / .yaml): the parts of the standard that apply —
// resource path, schema fields and their number format, missingValues, sources and licenses.
// How columns map to region/metric/period/value goes in a `claimcheck:` property of the resource
// (custom properties are allowed by the standard), using the descriptor keys.
import { clip } from '../../format.js';
import type { Finding } from '../../types.js';
import { deref, describeNode, mapEntries, scalarValue, seqItems, type YamlDoc } from '../../yaml-nodes.js';
import { defaultSpec, DescriptorReader, type NumberFormat, type TableSpec } from './descriptor.js';
import { readFieldMeasure, type MeasureDeclarations } from './descriptor-measure.js';

export function readDataPackage(doc: YamlDoc, resolvePath: (p: string) => string): { specs: TableSpec[]; findings: Finding[] } {
  const reader = new DescriptorReader(doc, resolvePath);
  const findings: Finding[] = [];
  const specs: TableSpec[] = [];
  const root = deref(doc, doc.root);
  const top = mapEntries(root);
  if (!top) {
    reader.error(root, 'datapackage-shape', `a data package must be an object, found ${describeNode(root)}`, 'see https://specs.frictionlessdata.io/data-package/');
    return { specs, findings: reader.findings };
  }
  const get = (entries: ReturnType<typeof mapEntries>, k: string) => entries?.find((e) => e.key === k);
  const packageSource = firstSource(doc, get(top, 'sources')?.value);
  const packageLicence = firstLicence(doc, get(top, 'licenses')?.value);
  const packageTitle = scalarValue(deref(doc, get(top, 'title')?.value));
  const resources = seqItems(deref(doc, get(top, 'resources')?.value));
  if (!resources) {
    reader.error(root, 'datapackage-shape', "a data package needs a 'resources' list", 'see https://specs.frictionlessdata.io/data-package/');
    return { specs, findings: reader.findings };
  }
  for (const item of resources) {
    const r = mapEntries(deref(doc, item));
    if (!r) continue;
    const pathValue = scalarValue(deref(doc, get(r, 'path')?.value));
    const format = scalarValue(deref(doc, get(r, 'format')?.value));
    if (typeof pathValue !== 'string') {
      reader.error(deref(doc, item), 'datapackage-path', "a resource needs a 'path' to one CSV file", 'inline data and multi-file resources are not read');
      continue;
    }
    if (!/\.csv$/i.test(pathValue) && format !== 'csv') {
      findings.push({ severity: 'warning', code: 'datapackage-skipped', ...reader.at(deref(doc, item)), message: `resource '${clip(String(pathValue))}' is not CSV and is not read`, hint: 'claimcheck reads CSV resources' });
      continue;
    }
    const spec: TableSpec = { ...defaultSpec(resolvePath(pathValue)), descriptor: reader.at(deref(doc, item)) };
    const dialect = mapEntries(deref(doc, get(r, 'dialect')?.value));
    const delimiter = scalarValue(deref(doc, get(dialect, 'delimiter')?.value));
    if (typeof delimiter === 'string' && delimiter.length === 1) spec.delimiter = delimiter;
    const schema = mapEntries(deref(doc, get(r, 'schema')?.value));
    const missing = seqItems(deref(doc, get(schema, 'missingValues')?.value));
    if (missing) spec.missing = ['', ...missing.map((m) => String(scalarValue(deref(doc, m)) ?? '').trim())];
    const fields = seqItems(deref(doc, get(schema, 'fields')?.value)) ?? [];
    const fieldMeasures: MeasureDeclarations = { metrics: new Map(), columns: new Map() };
    for (const f of fields) readFieldMeasure(reader, f, fieldMeasures);
    if (fieldMeasures.columns.size) spec.measures = fieldMeasures;
    for (const f of fields) {
      const fe = mapEntries(deref(doc, f));
      const type = scalarValue(deref(doc, get(fe, 'type')?.value));
      if (type !== 'number' && type !== 'integer') continue;
      spec.numbers = numberFormat(spec.numbers, fe, doc);
    }
    const source = firstSource(doc, get(r, 'sources')?.value) ?? packageSource;
    const licence = firstLicence(doc, get(r, 'licenses')?.value) ?? packageLicence;
    const title = scalarValue(deref(doc, get(r, 'title')?.value)) ?? packageTitle;
    spec.source = {
      ...(source?.title ? { publisher: source.title } : {}),
      ...(typeof title === 'string' ? { title } : {}),
      ...(source?.path ? { url: source.path } : {}),
      ...(licence ? { licence } : {}),
    };
    const custom = get(r, 'claimcheck');
    if (custom) {
      const entries = mapEntries(deref(doc, custom.value)) ?? [];
      for (const e of entries) {
        if (['path', 'source'].includes(e.key)) reader.error(e.keyNode, 'descriptor-unknown-field', `'${e.key}' belongs to the resource, not to its 'claimcheck' property`, 'the data package standard says this already');
      }
      reader.readInto(spec, (k) => (['path', 'source'].includes(k) ? undefined : entries.find((e) => e.key === k)));
    }
    specs.push(spec);
  }
  return { specs, findings: [...findings, ...reader.findings] };
}

function numberFormat(current: NumberFormat, field: ReturnType<typeof mapEntries>, doc: YamlDoc): NumberFormat {
  const v = (k: string) => scalarValue(deref(doc, field?.find((e) => e.key === k)?.value));
  const decimal = v('decimalChar');
  const group = v('groupChar');
  const bare = v('bareNumber');
  return {
    decimal: decimal === ',' ? ',' : current.decimal,
    thousands: typeof group === 'string' ? group : current.thousands,
    percent: bare === false ? true : current.percent,
  };
}

function firstSource(doc: YamlDoc, node: unknown): { title?: string; path?: string } | undefined {
  const first = seqItems(deref(doc, node))?.[0];
  const e = mapEntries(deref(doc, first));
  if (!e) return undefined;
  const title = scalarValue(deref(doc, e.find((x) => x.key === 'title')?.value));
  const path = scalarValue(deref(doc, e.find((x) => x.key === 'path')?.value));
  return { ...(typeof title === 'string' ? { title } : {}), ...(typeof path === 'string' ? { path } : {}) };
}

function firstLicence(doc: YamlDoc, node: unknown): string | undefined {
  const first = seqItems(deref(doc, node))?.[0];
  const e = mapEntries(deref(doc, first));
  const name = scalarValue(deref(doc, e?.find((x) => x.key === 'title')?.value)) ?? scalarValue(deref(doc, e?.find((x) => x.key === 'name')?.value));
  return typeof name === 'string' ? name : undefined;
}
