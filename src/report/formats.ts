// The report format names, apart from the renderers so the CLI can list them without loading them.
// report/index.ts maps each name to its renderer; the compiler checks that every name has one.
export const FORMATS = ['terminal', 'md', 'json', 'html', 'junit', 'github', 'sarif', 'claimreview', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

export const DIFF_FORMATS = ['terminal', 'md', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];
