// A worker thread that parses one claims file (claims/load.ts sends large ones here), so that the
// main thread reads the evidence meanwhile. Claims and findings are plain data: they cross as they are.
import { parentPort, workerData } from 'node:worker_threads';
import type { YamlBounds } from '../yaml-nodes.js';
import { parseClaims } from './parse.js';

export interface ParseRequest {
  text: string;
  file: string;
  /** For a part of a file: its share of the file's YAML bounds. */
  bounds?: YamlBounds;
  /** Read it only if it is plain block YAML (the fast reader; yaml-fast.ts); otherwise answer null. */
  plainOnly?: boolean;
}

const { text, file, bounds, plainOnly } = workerData as ParseRequest;
parentPort!.postMessage(plainOnly ? (parseClaims(text, file, bounds, { full: false }) ?? null) : parseClaims(text, file, bounds));
