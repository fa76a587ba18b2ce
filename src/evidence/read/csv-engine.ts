// csv-parse's parsing engine, driven directly. Its stream Parser pushes every record through an
// object-mode stream, and its sync API builds an info object per record when asked for positions;
// driving the engine that both use, a record costs neither, and its line comes from the engine's
// own counter. Light on imports: aggregation worker threads load it.
import { CsvError, Parser, type Options } from 'csv-parse';

export interface CsvEngine {
  /** Parse the next bytes (`end` = no more); records go to `push`. Returns the CSV error that stopped it. */
  parse(buf: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
  info: { lines: number; empty_lines: number };
  /**
   * Start again from nothing, as a new engine would, for the next range of a file. Reusing one engine
   * matters: csv-parse's functions are made anew with each parser, and V8's optimised code for the
   * first is thrown away when the next one calls its own — a tenth of a second for each range of a
   * 1 M-row file.
   */
  reset(): void;
}

interface FieldBuffer {
  buf: Buffer;
  length: number;
  toString(encoding?: string): string | Uint8Array;
}

type Api = Omit<CsvEngine, 'reset'> & {
  options?: { record_delimiter?: unknown };
  state?: { field?: FieldBuffer; record?: unknown[]; bomSkipped?: unknown; recordDelimiterMaxLength?: unknown };
};

/**
 * Most fields one record may have. A record is an array of strings until it ends, so a 100 MB line of
 * commas would otherwise become 50 million strings (several GB) before anything could look at it; the
 * count is checked as each field is read, and past it the parse stops with CSV_TOO_MANY_FIELDS.
 */
export const MAX_FIELDS = 20_000;
/**
 * The message of the error for a row with more than MAX_FIELDS fields. A function: formatting the
 * number loads ICU's number data (5 MB of memory), which only a file with such a row should cost.
 */
export const tooManyFields = () => `Too many fields: the row has more than ${MAX_FIELDS.toLocaleString('en-US')} fields`;

/** Thrown from inside the engine as a field is read; `parse` returns it as a CsvError. */
class TooManyFields extends Error {}

/**
 * `decode`: the fields (0-based) whose text is wanted. The others are given as '' without decoding
 * their bytes (an incident file's id or free-text columns cost a third of the reading otherwise),
 * unless they hold a carriage return: a quoted CRLF is counted by the reader to keep line numbers right.
 */
export function createCsvEngine(options: Options, decode?: ReadonlySet<number>): CsvEngine {
  const fresh = () => (new Parser(options) as unknown as { api?: Api }).api;
  const engine = fresh();
  if (!engine || typeof engine.parse !== 'function' || typeof engine.info?.lines !== 'number') {
    throw new Error('csv-parse no longer exposes its parsing engine (Parser.api); src/evidence/read/csv-engine.ts needs updating');
  }
  // Each field becomes a string through `buf.slice(0, length).toString(encoding)`: a Buffer view per
  // field, only to decode it. Decoding the same bytes in place gives the same string and saves a fifth
  // of the parsing time on large files. Applied only where the field buffer has the expected shape.
  // One function for every field buffer of this engine (a new one per reset would undo the reuse).
  let original: FieldBuffer['toString'] | undefined;
  function decodeField(this: FieldBuffer, encoding?: string) {
    if ((engine!.state?.record?.length ?? 0) >= MAX_FIELDS) throw new TooManyFields();
    if (!encoding) return original!.call(this, encoding);
    // The field being read is the next of the record: its index is the record's length so far.
    // Searched backwards from the field's end, so a buffer grown by one huge field is not scanned whole.
    if (decode && !decode.has(engine!.state!.record!.length) && (this.length === 0 || this.buf.lastIndexOf(13, this.length - 1) === -1)) return '';
    return this.buf.toString(encoding as BufferEncoding, 0, this.length);
  }
  const patch = (state: Api['state']) => {
    const field = state?.field;
    if (!field || !Buffer.isBuffer(field.buf) || typeof field.length !== 'number' || typeof field.toString !== 'function') return;
    if (decode && !Array.isArray(state.record)) return;
    original ??= field.toString;
    field.toString = decodeField;
  };
  patch(engine.state);
  const parse = engine.parse;
  return Object.assign(engine, {
    parse(this: Api, ...args: Parameters<CsvEngine['parse']>) {
      // With relax_column_count, csv-parse still builds a CsvError (and its stack trace) for every row
      // whose length differs from the first, only to drop it: 5 M ragged rows took 98 s, nearly all of it
      // in those errors. Nothing here needs a CSV error's stack.
      // And each record's length becomes the one the next is compared with, so a file of rows that are
      // all one length, but not the header's, builds one such error rather than one per row.
      const stackTraceLimit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      const [buf, end, push, close] = args;
      const state = engine.state as { expectedRecordLength?: number } | undefined;
      const pushAndExpect = state ? (record: string[]) => {
        state.expectedRecordLength = record.length;
        push(record);
      } : push;
      try {
        return parse.call(this, buf, end, pushAndExpect, close);
      } catch (e) {
        if (!(e instanceof TooManyFields)) throw e;
        return new CsvError('CSV_TOO_MANY_FIELDS' as ConstructorParameters<typeof CsvError>[0], tooManyFields(), engine.options as ConstructorParameters<typeof CsvError>[2], { lines: engine.info.lines, column: MAX_FIELDS });
      } finally {
        Error.stackTraceLimit = stackTraceLimit;
      }
    },
    reset() {
      // A new parser's options (csv-parse writes the record delimiter it discovers into them), state
      // and counters, copied into this engine's own objects: their shapes, and so V8's code, stay.
      const next = fresh()!;
      Object.assign(engine.options as object, next.options);
      Object.assign(engine.state!, next.state);
      Object.assign(engine.info, next.info);
      patch(engine.state);
    },
  });
}

// Reading on where lines were read elsewhere: functions on the engine, so that csv-parse's object,
// which its parse loop reads all the time, keeps the shape it has.

/** Whether `continueAfterLines` can be used with this engine: the two fields of csv-parse's state it sets have the expected shape. */
export function canContinue(engine: CsvEngine): boolean {
  const api = engine as unknown as Api;
  return Array.isArray(api.options?.record_delimiter) && api.state?.bomSkipped === false && typeof api.state.recordDelimiterMaxLength === 'number';
}

/**
 * Make a fresh engine continue a chunk whose first `lines` lines were read elsewhere (csv.ts and
 * aggregate/worker-safe.ts read plain lines themselves): those lines held no CR and no quote, so csv-parse
 * would have found the record delimiter (LF) at the first line break, would no longer look for a
 * BOM, and would count lines (in its error messages too) from there.
 */
export function continueAfterLines(engine: CsvEngine, lines: number): void {
  const api = engine as unknown as Api & { options: { record_delimiter: Buffer[] }; state: { recordDelimiterMaxLength: number } };
  api.info.lines = lines + 1;
  if (api.options.record_delimiter.length === 0) {
    api.options.record_delimiter.push(Buffer.from('\n'));
    api.state.recordDelimiterMaxLength = 1;
  }
  api.state.bomSkipped = true;
}
