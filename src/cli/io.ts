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
  /** The terminal's width in columns, when stdout / stderr is a terminal. */
  stdoutColumns?: number;
  stderrColumns?: number;
  /** The script that started this run (process.argv[1]), to tell the user how to run it again. */
  launcher?: string;
  /** --color (true) or --no-color (false); undefined: decided by the terminal and the environment. */
  color?: boolean;
  exitCode: number;
  /** How long a read runs before the progress bar appears (tests set 0). */
  progressDelayMs?: number;
}

/**
 * Colour only on a terminal, never with NO_COLOR; FORCE_COLOR forces it. A flag on the command line
 * (--color, --no-color) wins over both, as the NO_COLOR convention allows.
 */
export function useColor(isTTY: boolean, env: NodeJS.ProcessEnv, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

/**
 * The columns to fit text into: the terminal's width, else $COLUMNS (as a shell sets it, or a user
 * who wants a piped summary sized), else undefined (the renderer's default).
 */
export function terminalWidth(isTTY: boolean, columns: number | undefined, env: NodeJS.ProcessEnv): number | undefined {
  if (isTTY && columns && columns > 0) return columns;
  const fromEnv = Number(env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : undefined;
}

/** A progress bar for long reads: only on a terminal, never with --quiet (so never in CI or a pipe). */
export function progressFor(opts: { quiet?: boolean }, io: CliIo): ProgressBar | undefined {
  if (opts.quiet || !io.stderrIsTTY) return undefined;
  return new ProgressBar({ write: io.stderr, ...(io.progressDelayMs !== undefined ? { delayMs: io.progressDelayMs } : {}) });
}
