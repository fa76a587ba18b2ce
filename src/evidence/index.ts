// Evidence: read CSV files (plain, or as their descriptors say) and normalise them to series.
export { loadEvidence, parseEvidenceCsv, type LoadedEvidence, type LoadEvidenceOptions } from './load.js';
export { buildEvidence, isCountUnit, seriesKey } from './series.js';
export { parseNumberCell, readTable } from './table.js';
export { defaultSpec, DescriptorReader, type TableSpec } from './descriptor.js';
export { parseCsv } from './csv.js';
export { normaliseName } from '../names.js';
