// The names of the formats, apart from their renderers, so the CLI can list them without loading them.
export const FORMATS = ['terminal', 'md', 'json', 'html', 'junit', 'github', 'sarif', 'claimreview'] as const;
export type Format = (typeof FORMATS)[number];

export const DIFF_FORMATS = ['terminal', 'md', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];
