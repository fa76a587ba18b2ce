// The exit code contract (docs/commands.md, "Exit codes").
export const EXIT = {
  /** The command ran; no verdict matched --fail-on. */
  ok: 0,
  /** A verdict matched --fail-on. */
  failOn: 1,
  /** Bad input, bad usage, or a file that could not be read or written. */
  input: 2,
} as const;

/** A mistake in how the command was called (not in a file's content). */
export class UsageError extends Error {}
