// A progress bar on stderr while large evidence files are read. The CLI shows it only on a terminal
// and never with --quiet; it appears after a short delay, so quick reads print nothing, and it
// clears its line when the read ends, so nothing of it stays in the output.
import type { ReadProgress } from '../evidence/index.js';

export interface ProgressBarOptions {
  write: (s: string) => void;
  now?: () => number;
  /** Reads shorter than this draw nothing. */
  delayMs?: number;
  /** At most one redraw per interval. */
  intervalMs?: number;
  width?: number;
}

const MB = 1024 * 1024;

export class ProgressBar {
  private file: string | undefined;
  private started = 0;
  private lastDraw = -Infinity;
  private drawn = false;
  private readonly now: () => number;
  private readonly delayMs: number;
  private readonly intervalMs: number;
  private readonly width: number;

  constructor(private readonly options: ProgressBarOptions) {
    this.now = options.now ?? (() => performance.now());
    this.delayMs = options.delayMs ?? 500;
    this.intervalMs = options.intervalMs ?? 100;
    this.width = options.width ?? 30;
  }

  update(p: ReadProgress): void {
    const t = this.now();
    if (p.file !== this.file) {
      this.file = p.file;
      this.started = t;
    }
    if (p.bytes >= p.total) {
      this.clear();
      return;
    }
    if (t - this.started < this.delayMs || t - this.lastDraw < this.intervalMs) return;
    this.lastDraw = t;
    const share = p.total > 0 ? Math.min(1, p.bytes / p.total) : 0;
    const filled = Math.round(share * this.width);
    const bar = `${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}`;
    this.options.write(`\r\u001b[2Kreading ${p.file} [${bar}] ${String(Math.floor(share * 100)).padStart(3)}%  ${(p.bytes / MB).toFixed(1)}/${(p.total / MB).toFixed(1)} MB`);
    this.drawn = true;
  }

  /** Erase the bar (when the read ends, or before anything else is printed). */
  clear(): void {
    if (this.drawn) this.options.write('\r\u001b[2K');
    this.drawn = false;
  }
}
