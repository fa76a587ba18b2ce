// `claimcheck sql DESCRIPTOR`: a descriptor's `aggregate:` as one SQL query, for incidents that live in
// a database or warehouse. Run it there and audit the long CSV it returns, as any other evidence.
import path from 'node:path';
import { type Command, Option } from 'commander';
import type { SqlDialect } from '../../evidence/aggregate/sql.js';
import { EXIT } from '../exit.js';
import type { CliIo } from '../io.js';
import { MAX_FILE_SIZE_HELP, parseMaxFileSize } from '../options.js';

export function declareSql(program: Command, io: CliIo): void {
  program
    .command('sql')
    .description("print a descriptor's aggregate: as one SQL query, to aggregate in a database and audit the CSV it returns")
    .argument('<descriptor>', 'a descriptor (.yaml) with aggregate:')
    .addOption(new Option('--dialect <dialect>', 'standard (reads a table) or duckdb (reads the file the descriptor names)').choices(['standard', 'duckdb']).default('standard'))
    .option('--table <name>', "with --dialect standard: the table holding the incidents (default: the file's name)")
    .option('--max-file-size <size>', MAX_FILE_SIZE_HELP, parseMaxFileSize)
    .action(async (descriptor: string, _opts, cmd: Command) => {
      io.exitCode = await runSql(descriptor, cmd.optsWithGlobals(), io);
    });
}

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

export async function runSql(descriptor: string, opts: SqlCliOptions, io: CliIo): Promise<number> {
  // The library is loaded only when the command runs.
  const [{ displayPath }, { aggregateSql, readDescriptorFile }, { hasErrors }, { printFindings }] = await Promise.all([import('../../files.js'), import('../../evidence/index.js'), import('../../audit.js'), import('../print.js')]);
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
