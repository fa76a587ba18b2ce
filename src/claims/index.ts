// Claims: read, parse and validate claims YAML.
export { loadClaims, loadClaimsInBackground, type LoadClaimsInBackgroundOptions, type LoadedClaims, type LoadClaimsOptions } from './load.js';
export { parseClaims, parseChangeText, parseLevelText, CLAIM_FIELDS, DRAFT_PLACEHOLDER } from './parse.js';
