// Read — the first sub-stage of evidence: a file's bytes → rows with their line (and column)
// numbers: CSV through csv-parse's engine, JSON and JSON-stat. Nothing here knows what a column
// means; that is interpret/. It is split off because the aggregation workers (aggregate/worker.ts)
// load the CSV engine and the number reader from here and must start in milliseconds, without YAML,
// descriptors or a spreadsheet library; for the same reason xlsx.ts is not exported here: load.ts
// imports it only when a workbook is read.
export { parseCsv, readCsvRows, type CsvRow, type CsvTable } from './csv.js';
export { createCsvEngine, type CsvEngine } from './csv-engine.js';
export { parseNumberCell } from './numbers.js';
export { parseCellRef, parseRange, columnLetters, type CellRef } from './cells.js';
export { describeJson, members, nodeAt, parseJson, recordsToRows, resolvePointer, type JsonDoc } from './json.js';
export { jsonStatToRows } from './json-stat.js';
