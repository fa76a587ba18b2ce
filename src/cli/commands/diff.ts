// claimcheck diff OLD NEW: compare two JSON reports; exit 1 under --fail-on-change when a verdict or attribution answer changed.
import { type Command, Option } from 'commander';
import path from 'node:path';
import { DIFF_FORMATS, type DiffFormat } from '../../report/formats.js';
import type { ChangePolicy } from '../../policy-types.js';
import { EXIT } from '../exit.js';
import { useColor, type CliIo } from '../io.js';
import type { GlobalOptions } from '../options.js';

interface DiffCliOptions extends GlobalOptions {
  format: DiffFormat;
  out?: string;
  failOnChange?: ChangePolicy;
}

export function declareDiff(program: Command, io: CliIo): void {
  program
    .command('diff')
    .description('compare two JSON reports: the claims whose verdict, observed value or gap changed, and the inputs that changed')
    .argument('<old>', 'the earlier JSON report')
    .argument('<new>', 'the later JSON report')
    .addOption(new Option('-f, --format <format>', 'diff format').choices(DIFF_FORMATS).default('terminal'))
    .option('-o, --out <file>', 'write the diff to this file (atomically) instead of stdout')
    .addOption(
      new Option('--fail-on-change [which]', 'exit 1 when a verdict or attribution answer changed, or with =worse only when one got worse').choices(['any', 'worse']).preset('any'),
    )
    .action(async (before: string, after: string, _opts, cmd: Command) => {
      io.exitCode = await runDiff(before, after, cmd.optsWithGlobals(), io);
    });
}

export async function runDiff(beforeFile: string, afterFile: string, opts: DiffCliOptions, io: CliIo): Promise<number> {
  const [{ answerChangeText, diffReports, verdictChanges }, { loadReport }, { displayPath }, { plural }, { renderDiff }, { printFindings, printWrote }, { outputsAllowed, writeAllOrSay }] = await Promise.all([
    import('../../diff/index.js'),
    import('../../report-model/index.js'),
    import('../../files.js'),
    import('../../format.js'),
    import('../../report/index.js'),
    import('../print.js'),
    import('../write-reports.js'),
  ]);
  const reports = [];
  for (const file of [beforeFile, afterFile]) {
    const { report, findings } = loadReport(file, io.cwd);
    if (!report) {
      printFindings(findings, io);
      io.stderr('no diff: both arguments must be JSON reports written by claimcheck audit --format json\n');
      return EXIT.input;
    }
    reports.push(report);
  }
  const diff = diffReports(reports[0]!, reports[1]!);
  const labels = { before: displayPath(path.resolve(io.cwd, beforeFile), io.cwd), after: displayPath(path.resolve(io.cwd, afterFile), io.cwd) };
  const out = opts.out === '-' ? undefined : opts.out;
  const text = renderDiff(opts.format, diff, labels, !out && useColor(io.stdoutIsTTY, io.env, io.color));
  if (out) {
    const inputs = [beforeFile, afterFile].map((f) => ({ path: path.resolve(io.cwd, f), what: `a report compared: ${f}` }));
    if (!outputsAllowed([out], inputs, io)) return EXIT.input;
    if (!(await writeAllOrSay([{ file: out, content: text }], io))) return EXIT.input;
    printWrote(path.resolve(io.cwd, out), opts.format, io, opts.quiet);
  } else io.stdout(text);
  if (opts.failOnChange) {
    const failing = verdictChanges(diff, opts.failOnChange);
    if (failing.length) {
      io.stderr(`--fail-on-change: ${plural(failing.length, 'claim')} changed verdict (${failing.map((c) => `${c.id}: ${answerChangeText(c, opts.failOnChange!)}`).join('; ')})\n`);
      return EXIT.failOn;
    }
  }
  return EXIT.ok;
}
