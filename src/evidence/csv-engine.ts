// csv-parse's parsing engine, driven directly. Its stream Parser pushes every record through an
// object-mode stream, and its sync API builds an info object per record when asked for positions;
// driving the engine that both use, a record costs neither, and its line comes from the engine's
// own counter. Light on imports: aggregation worker threads load it.
import { Parser, type Options } from 'csv-parse';

export interface CsvEngine {
  /** Parse the next bytes (`end` = no more); records go to `push`. Returns the CSV error that stopped it. */
  parse(buf: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
  info: { lines: number; empty_lines: number };
}

interface FieldBuffer {
  buf: Buffer;
  length: number;
  toString(encoding?: string): string | Uint8Array;
}

/**
 * `decode`: the fields (0-based) whose text is wanted. The others are given as '' without decoding
 * their bytes (an incident file's id or free-text columns cost a third of the reading otherwise),
 * unless they hold a carriage return: a quoted CRLF is counted by the reader to keep line numbers right.
 */
export function createCsvEngine(options: Options, decode?: ReadonlySet<number>): CsvEngine {
  const parser = new Parser(options) as unknown as { api?: CsvEngine & { state?: { field?: FieldBuffer; record?: unknown[] } } };
  const engine = parser.api;
  if (!engine || typeof engine.parse !== 'function' || typeof engine.info?.lines !== 'number') {
    throw new Error('csv-parse no longer exposes its parsing engine (Parser.api); src/evidence/csv-engine.ts needs updating');
  }
  // Each field becomes a string through `buf.slice(0, length).toString(encoding)`: a Buffer view per
  // field, only to decode it. Decoding the same bytes in place gives the same string and saves a fifth
  // of the parsing time on large files. Applied only where the field buffer has the expected shape.
  const state = engine.state;
  const field = state?.field;
  if (field && Buffer.isBuffer(field.buf) && typeof field.length === 'number' && typeof field.toString === 'function') {
    const original = field.toString;
    // The field being read is the next of the record: its index is the record's length so far.
    const skip = decode && Array.isArray(state.record) ? (i: number) => !decode.has(i) : undefined;
    field.toString = function (this: FieldBuffer, encoding?: string) {
      if (!encoding) return original.call(this, encoding);
      if (skip?.(state.record!.length)) {
        const cr = this.buf.indexOf(13);
        if (cr === -1 || cr >= this.length) return '';
      }
      return this.buf.toString(encoding as BufferEncoding, 0, this.length);
    };
  }
  return engine;
}
