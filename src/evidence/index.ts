// Evidence: read CSV files (plain, or as their descriptors say) and normalise them to series.
export { loadEvidence, parseEvidenceCsv, readDescriptorFile, CSV_FILE, type LoadedEvidence, type LoadEvidenceOptions } from './load.js';
export { aggregateSql, SQL_DIALECTS, type SqlDialect } from './aggregate-sql.js';
export { aggregateFile, type AggregateOptions, type ReadProgress } from './aggregate.js';
export { buildEvidence, seriesKey } from './series.js';
export { describeMeasure, isCountSeries, measureFromUnit, seriesMeasure } from './measure.js';
export { parseNumberCell, readTable } from './table.js';
export { defaultSpec, DescriptorReader, type TableSpec } from './descriptor.js';
export { parseCsv } from './csv.js';
export { normaliseName } from '../names.js';
