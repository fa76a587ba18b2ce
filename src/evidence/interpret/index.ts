// Interpret — the second sub-stage of evidence: what the rows mean. Descriptors and data packages
// say how a publisher's file is laid out (wide tables, fixed values, number formats, periods), the
// measure of each number and the publisher's flags say how it may be used, and the table reader
// turns rows and a TableSpec into observations and reported changes. It loads YAML and the
// descriptor vocabulary, which is why read/ and the aggregation worker never import it (a type
// import, erased at build, is the exception).
export { defaultSpec, DescriptorReader, type AggregateEngine, type AggregateSpec, type NumberFormat, type TableSpec } from './descriptor.js';
export { readDataPackage } from './datapackage.js';
export { createTableReader, readTable, citation, describeOrigin, type TableRead, type TableReader } from './table.js';
export { createMeasureDecider, describeMeasure, isCountSeries, measureFromUnit, seriesMeasure } from './measure.js';
export { cautionsOf, describeFlags, withFlagCautions } from './flags.js';
