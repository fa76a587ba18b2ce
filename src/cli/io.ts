// What a command may touch of the outside world: the working directory, the environment and the two
// output streams. main.ts fills it from the process; tests pass their own.
import { ProgressBar } from './progress.js';

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  exitCode: number;
  /** How long a read runs before the progress bar appears (tests set 0). */
  progressDelayMs?: number;
}

/** Colour only on a terminal, never with NO_COLOR; FORCE_COLOR forces it. */
export function useColor(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

/** A progress bar for long reads: only on a terminal, never with --quiet (so never in CI or a pipe). */
export function progressFor(opts: { quiet?: boolean }, io: CliIo): ProgressBar | undefined {
  if (opts.quiet || !io.stderrIsTTY) return undefined;
  return new ProgressBar({ write: io.stderr, ...(io.progressDelayMs !== undefined ? { delayMs: io.progressDelayMs } : {}) });
}
