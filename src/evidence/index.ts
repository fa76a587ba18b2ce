// Evidence: read CSV files and normalise them to observations grouped in series.
export { loadEvidence, parseEvidenceCsv, type LoadedEvidence, type LoadEvidenceOptions } from './load.js';
export { buildEvidence, isCountUnit, normaliseName, seriesKey } from './series.js';
export { parseNumberCell } from './long.js';
