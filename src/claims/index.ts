// Claims: read, parse and validate claims YAML.
export { loadClaims, type LoadedClaims } from './load.js';
export { parseClaims, parseChangeText, parseLevelText, CLAIM_FIELDS } from './parse.js';
