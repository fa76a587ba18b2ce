// The project config, claimcheck.yaml, as the library offers it: finding, loading and merging
// (load.ts), reading (read.ts), and the checks of the values it shares with the command line (values.ts).
export * from './load.js';
export { CONFIG_KEYS, OUTPUT_KEYS, PUBLISHER_KEYS, PUBLISHER_TYPES, parseConfig, type ConfigKey, type OutputTarget, type ProjectConfig, type PublisherSettings, type PublisherType, type RunOptions } from './read.js';
export * from './values.js';
