// DuckDB for tests: optional (never a dependency of `npm ci`; .ci/run installs it with
// `npm install --no-save`). Outside CI a test that needs it is skipped, saying why; in CI (CI set)
// its absence is a failure, so the tests that compare engines always run there.
import { DUCKDB_INSTALL, loadDuckDb, type DuckDbModule } from '../src/evidence/aggregate/duckdb-optional.js';

export async function duckDbForTests(): Promise<DuckDbModule | undefined> {
  const duckdb = await loadDuckDb();
  if (!duckdb && process.env.CI) throw new Error(`@duckdb/node-api is not installed, and CI is set: .ci/run installs it (${DUCKDB_INSTALL}) so that these tests run`);
  return duckdb;
}

export const DUCKDB_MISSING = `skipped: @duckdb/node-api is not installed (it is optional: ${DUCKDB_INSTALL}, as .ci/run does)`;
