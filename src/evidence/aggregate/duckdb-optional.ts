// DuckDB, when it is installed: an optional engine (never a dependency of `npm ci`: its per-platform
// bindings are optional packages that a lockfile written on one platform lacks for another, which
// makes `npm ci` refuse the lockfile). Loaded by name at run time, so that building and running
// claimcheck never need it; only what claimcheck uses of its API is typed here.

/** The package, and the command that installs it, for messages. */
export const DUCKDB_PACKAGE = '@duckdb/node-api';
export const DUCKDB_INSTALL = `npm install --no-save ${DUCKDB_PACKAGE}`;

export interface DuckDbConnection {
  run(sql: string): Promise<unknown>;
  runAndReadAll(sql: string): Promise<{ getRowObjectsJS(): Array<Record<string, unknown>> }>;
  closeSync(): void;
}

export interface DuckDbModule {
  DuckDBInstance: { create(path: string, options?: Record<string, string>): Promise<{ connect(): Promise<DuckDbConnection>; closeSync(): void }> };
}

let loaded: Promise<DuckDbModule | undefined> | undefined;

/** DuckDB's Node client, or undefined when it is not installed. */
export function loadDuckDb(): Promise<DuckDbModule | undefined> {
  // A name in a variable: TypeScript and bundlers leave the import to run time.
  const name = DUCKDB_PACKAGE;
  loaded ??= (import(name) as Promise<DuckDbModule>).catch(() => undefined);
  return loaded;
}

/** Run SQL in a fresh in-memory DuckDB: the rows as plain objects (BIGINT as number). */
export async function queryDuckDb(duckdb: DuckDbModule, sql: string, setup: string[] = []): Promise<Array<Record<string, unknown>>> {
  const instance = await duckdb.DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const s of setup) await connection.run(s);
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJS().map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
