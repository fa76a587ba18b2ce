// Several reports in one run: `--format md --out a.md --format junit --out a.xml`.
// Each --out belongs to the --format before it; one format may go without --out, to stdout.
import path from 'node:path';
import { FORMATS, type Format } from '../report/formats.js';
import { UsageError } from './exit.js';

export type OutputArg = { kind: 'format'; value: Format } | { kind: 'out'; value: string };

export interface OutputPlan {
  format: Format;
  /** Undefined: stdout. */
  out?: string;
}

export function parseFormat(value: string, formats: readonly string[] = FORMATS): Format {
  if (!formats.includes(value)) throw new UsageError(`--format: '${value}' is not a format; formats are ${formats.join(', ')}`);
  return value as Format;
}

/**
 * Pair formats with files in the order they were given. With one format and one --out, the order
 * does not matter (`--out a.md --format md` works as it always has).
 */
export function planOutputs(args: OutputArg[], cwd: string): OutputPlan[] {
  const formats = args.filter((a) => a.kind === 'format');
  const outs = args.filter((a) => a.kind === 'out');
  let plan: OutputPlan[];
  if (formats.length <= 1 && outs.length <= 1) {
    plan = [{ format: (formats[0]?.value as Format | undefined) ?? 'terminal', ...(outs[0] ? { out: outs[0].value } : {}) }];
  } else {
    plan = [];
    for (const a of args) {
      if (a.kind === 'format') {
        plan.push({ format: a.value });
        continue;
      }
      const last = plan[plan.length - 1];
      if (!last) throw new UsageError(`--out ${a.value} comes before any --format; with several reports, write each --out after its --format (e.g. --format md --out audit.md --format junit --out junit.xml)`);
      if (last.out !== undefined) throw new UsageError(`--format ${last.format} has two files (--out ${last.out} and --out ${a.value}); give each report its own --format`);
      last.out = a.value;
    }
  }
  // `--out -` is standard output, as it is for most Unix tools (a file named '-' is written as ./-).
  for (const p of plan) if (p.out === '-') delete p.out;
  const toStdout = plan.filter((p) => p.out === undefined);
  if (toStdout.length > 1) {
    throw new UsageError(`${toStdout.map((p) => p.format).join(' and ')} would all go to stdout; give all but one of them an --out FILE`);
  }
  const seen = new Map<string, Format>();
  for (const p of plan) {
    if (p.out === undefined) continue;
    const abs = path.resolve(cwd, p.out);
    const other = seen.get(abs);
    if (other !== undefined) throw new UsageError(`--out ${p.out} is given for both ${other} and ${p.format}; write each report to its own file`);
    seen.set(abs, p.format);
  }
  return plan;
}
