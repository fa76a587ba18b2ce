// A worker thread that parses one claims file (claims/load.ts sends large ones here), so that the
// main thread reads the evidence meanwhile. Claims and findings are plain data: they cross as they are.
import { parentPort, workerData } from 'node:worker_threads';
import { parseClaims } from './parse.js';

export interface ParseRequest {
  text: string;
  file: string;
  /** For a part of a file: its share of the file's YAML token cap. */
  maxTokens?: number;
}

const { text, file, maxTokens } = workerData as ParseRequest;
parentPort!.postMessage(parseClaims(text, file, maxTokens));
