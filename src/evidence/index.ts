// Evidence: files on disk → observations → series. load.ts finds the files and runs three
// sub-stages, each a folder: read/ (bytes → rows with their positions), interpret/ (what the rows
// mean: descriptors, data packages, measures, flags → observations) and aggregate/ (incident-level
// files → counts, on worker threads or DuckDB); series.ts then builds the series. The folders follow
// what each part may load: an aggregation worker starts per large file and loads only
// aggregate/worker-safe.ts and the bits of read/ it needs, never YAML or descriptors (see each
// folder's index.ts).
export { loadEvidence, parseEvidenceCsv, readDescriptorFile, CSV_FILE, type LoadedEvidence, type LoadEvidenceOptions } from './load.js';
export { aggregateFile, aggregateSql, SQL_DIALECTS, type AggregateOptions, type ReadProgress, type SqlDialect } from './aggregate/index.js';
export { buildEvidence, seriesKey } from './series.js';
export { defaultSpec, DescriptorReader, describeMeasure, isCountSeries, measureFromUnit, readTable, seriesMeasure, type TableSpec } from './interpret/index.js';
export { parseCsv, parseNumberCell } from './read/index.js';
export { normaliseName } from '../names.js';
