// A worker thread that aggregates one byte range of a CSV file (split at a record boundary by
// aggregate.ts) and posts its groups back. Its lines are counted from the start of the range.
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { ChunkAggregator, type AggregatePlan } from './aggregate-core.js';

export interface WorkerJob {
  file: string;
  start: number;
  end: number;
  plan: AggregatePlan;
  /** The range that starts the file holds the header. */
  skipHeader: boolean;
}

export type WorkerMessage = { type: 'progress'; bytes: number } | { type: 'done'; result: ReturnType<ChunkAggregator['end']> };

const READ_BYTES = 1 << 16;
const PROGRESS_BYTES = 1 << 22;

const job = workerData as WorkerJob;
const aggregator = new ChunkAggregator(job.plan, { skipHeader: job.skipHeader, countQuotes: true });
const fd = openSync(job.file, 'r');
let pos = job.start;
let reported = job.start;
try {
  while (pos < job.end) {
    // A fresh buffer per read: csv-parse keeps a view of a record cut at the buffer's end.
    const buf = Buffer.allocUnsafe(Math.min(READ_BYTES, job.end - pos));
    const n = readSync(fd, buf, 0, buf.length, pos);
    if (n === 0) break;
    pos += n;
    if (!aggregator.write(n === buf.length ? buf : buf.subarray(0, n))) break;
    if (pos - reported >= PROGRESS_BYTES) {
      parentPort!.postMessage({ type: 'progress', bytes: pos - reported } satisfies WorkerMessage);
      reported = pos;
    }
  }
} finally {
  closeSync(fd);
}
parentPort!.postMessage({ type: 'progress', bytes: job.end - reported } satisfies WorkerMessage);
parentPort!.postMessage({ type: 'done', result: aggregator.end() } satisfies WorkerMessage);
