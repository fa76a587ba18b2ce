// A worker thread that aggregates byte ranges of a CSV file (split at line breaks by aggregate-file.ts),
// one at a time as the main thread hands them out, and posts each range's groups back. Lines are
// counted from the start of each range; the main thread shifts them.
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { ChunkAggregator, type AggregatePlan, type ChunkResult } from './worker-safe.js';

export interface RangeJob {
  /** The range's place in the file: results are merged in this order. */
  index: number;
  file: string;
  start: number;
  end: number;
  plan: AggregatePlan;
  /** The range that starts the file holds the header. */
  skipHeader: boolean;
  /** false: every row through csv-parse (see AggregateOptions.readBytes). */
  readBytes?: boolean;
}

/** Main thread → worker: a range to read, or nothing more to do. */
export type WorkerRequest = { type: 'job'; job: RangeJob } | { type: 'stop' };
/** Worker → main thread. */
export type WorkerMessage = { type: 'progress'; bytes: number } | { type: 'done'; index: number; result: ChunkResult };

const READ_BYTES = 1 << 16;
const PROGRESS_BYTES = 1 << 22;

// One aggregator for every range this thread reads, started afresh for each (see ChunkAggregator.start);
// a thread serves the ranges of one file, but a plan that differs still gets an aggregator of its own.
let reader: { plan: string; aggregator: ChunkAggregator } | undefined;

function readRange(job: RangeJob): ChunkResult {
  const plan = JSON.stringify([job.plan, job.readBytes]);
  if (reader?.plan === plan) reader.aggregator.start(job.skipHeader);
  else reader = { plan, aggregator: new ChunkAggregator(job.plan, { skipHeader: job.skipHeader, countQuotes: true, ...(job.readBytes === false ? { readBytes: false } : {}) }) };
  const aggregator = reader.aggregator;
  const fd = openSync(job.file, 'r');
  let pos = job.start;
  let reported = job.start;
  // One buffer for every read while the aggregator does not keep them; a fresh one per read once it
  // does (csv-parse keeps a view of a record cut at the buffer's end). A buffer per read piles up
  // outside the heap between collections: tens of MB of peak RSS.
  const reused = Buffer.allocUnsafe(READ_BYTES);
  try {
    while (pos < job.end) {
      const size = Math.min(READ_BYTES, job.end - pos);
      const buf = aggregator.keepsBuffers ? Buffer.allocUnsafe(size) : reused.subarray(0, size);
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
  return aggregator.end();
}

parentPort!.on('message', (m: WorkerRequest) => {
  if (m.type === 'stop') {
    parentPort!.close();
    return;
  }
  parentPort!.postMessage({ type: 'done', index: m.job.index, result: readRange(m.job) } satisfies WorkerMessage);
});
