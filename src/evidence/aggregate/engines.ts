// Who counts incident-level files (`aggregate:`): the names, apart from the descriptor reader so that
// what only needs the names (the project config, the command line) does not load the reader.
export const AGGREGATE_ENGINES = ['builtin', 'duckdb'] as const;
export type AggregateEngine = (typeof AGGREGATE_ENGINES)[number];
