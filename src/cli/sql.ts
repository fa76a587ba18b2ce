// `claimcheck sql DESCRIPTOR`: a descriptor's `aggregate:` as one SQL query, for incidents that live in
// a database or warehouse. Run it there and audit the long CSV it returns, as any other evidence.
import path from 'node:path';
import { displayPath } from '../files.js';
import { aggregateSql, readDescriptorFile, type SqlDialect } from '../evidence/index.js';
import { hasErrors } from '../audit.js';
import { printFindings } from './commands.js';
import { EXIT } from './exit.js';
import type { CliIo } from './main.js';

export interface SqlCliOptions {
  dialect: SqlDialect;
  table?: string;
  maxFileSize?: number;
}

/** A table name from a file name: incidents-2019.csv.gz → incidents_2019. */
export function tableNameOf(file: string): string {
  const base = path.basename(file).replace(/(\.csv)?(\.gz)?$|\.parquet$/i, '');
  const name = base.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Za-z_]/.test(name) ? name : `t_${name || 'incidents'}`;
}

export function runSql(descriptor: string, opts: SqlCliOptions, io: CliIo): number {
  const { specs, findings } = readDescriptorFile(descriptor, io.cwd, opts.maxFileSize);
  const shown = displayPath(path.resolve(io.cwd, descriptor), io.cwd);
  if (hasErrors(findings)) {
    printFindings(findings, io);
    io.stderr('no SQL written: fix the errors above\n');
    return EXIT.input;
  }
  const aggregated = specs.filter((s) => s.aggregate);
  if (aggregated.length === 0) {
    io.stderr(`${shown}: error: this descriptor has no 'aggregate:'; claimcheck sql writes the aggregation of an incident-level file\n  hint: see docs/evidence.md, "Incident-level files"\n`);
    return EXIT.input;
  }
  if (opts.table !== undefined && aggregated.length > 1) {
    io.stderr(`${shown}: error: --table names one table, but this descriptor aggregates ${aggregated.length} files\n  hint: leave out --table (each query then reads a table named after its file), or write one descriptor per file\n`);
    return EXIT.input;
  }
  const queries = aggregated.map((spec) =>
    aggregateSql(spec, spec.aggregate!, {
      dialect: opts.dialect,
      source: opts.dialect === 'duckdb' ? displayPath(spec.csvPath, io.cwd) : (opts.table ?? tableNameOf(spec.csvPath)),
      descriptor: shown,
    }),
  );
  io.stdout(queries.join('\n'));
  return EXIT.ok;
}
