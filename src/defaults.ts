// The library's defaults, defined once: the CLI's option defaults and help text read them from here.

/** Percentage points for change claims; percent of the claimed value for level claims. */
export const DEFAULT_TOLERANCE = 0.5;
/** Where claims are read from when none are named (relative to the working directory). */
export const DEFAULT_CLAIMS_PATHS: readonly string[] = ['claims'];
/** Where evidence is read from when none is named (relative to the working directory). */
export const DEFAULT_EVIDENCE_PATHS: readonly string[] = ['evidence'];
