// Aggregate — the third sub-stage of evidence: an incident-level file (one row per incident) →
// counts or sums by period, metric and region, as an `aggregate:` descriptor says. The built-in
// engine is aggregate-file.ts (main thread: compile the plan, stream the file, split a large one
// across worker threads, merge); DuckDB (duckdb.ts, loaded through duckdb-optional.ts when it is
// installed) runs the same query that sql.ts writes; engines.ts only names the engines, for the
// command line and the project config. The split is for the workers: a worker thread starts per
// large file and must load in milliseconds, so worker.ts loads only worker-safe.ts (the per-row
// work) with read/csv-engine.ts, read/numbers.ts and period.ts. Neither may import this index,
// which loads the main-thread side (node:crypto, node:zlib, descriptors, the table reader).
export { AGGREGATE_ENGINES, type AggregateEngine } from './engines.js';
export { aggregateFile, compilePlan, hashFile, type AggregatedFile, type AggregateOptions, type ReadProgress } from './aggregate-file.js';
export { aggregateWithDuckDb, duckDbMissing } from './duckdb.js';
export { DUCKDB_INSTALL, loadDuckDb, queryDuckDb, type DuckDbModule } from './duckdb-optional.js';
export { aggregateSql, duckdbReader, sqlIdentifier, sqlString, SQL_DIALECTS, type AggregateSqlOptions, type SqlDialect } from './sql.js';
