// claimcheck audit: judge every claim, write the reports, and exit 1 when the fail-on policy matches.
import { type Command, Option } from 'commander';
import { hostname } from 'node:os';
import path from 'node:path';
import { FORMATS, type Format } from '../../report/formats.js';
import { EXIT, UsageError } from '../exit.js';
import { progressFor, terminalWidth, useColor, type CliIo } from '../io.js';
import { auditOptionsFrom, collect, inputsSaid, parseChoice, pickSet, resolveRunOrSay, withInputs } from '../options.js';
import { planOutputs, type OutputArg, type OutputPlan } from '../outputs.js';
import { checkFailOn, claimReviewSettings, failPolicy, publisherSaid, type AuditCliOptions } from './audit-options.js';

const widthOption = (width: number | undefined) => (width === undefined ? {} : { width });

/**
 * When and where this run happened, for JUnit's timestamp and hostname: the clock, or
 * SOURCE_DATE_EPOCH (seconds) when set, for reproducible output.
 */
function runInfo(env: NodeJS.ProcessEnv): { timestamp: string; hostname: string } {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  const when = env.SOURCE_DATE_EPOCH !== undefined && Number.isInteger(epoch) ? new Date(epoch * 1000) : new Date();
  return { timestamp: when.toISOString().slice(0, 19), hostname: hostname() };
}

export function declareAudit(program: Command, io: CliIo): void {
  // --format and --out may repeat; their order pairs them, so it is recorded as commander reads them.
  const outputs: OutputArg[] = [];
  withInputs(program.command('audit'))
    .description('audit every claim against the evidence and print or write reports')
    .option(
      '-f, --format <format>',
      `report format: ${FORMATS.join(', ')} (default: terminal); repeat as --format F1 --out FILE1 --format F2 --out FILE2 for several reports`,
      (value: string) => {
        const format = parseChoice(value, FORMATS) as Format;
        outputs.push({ kind: 'format', value: format });
        return format;
      },
    )
    .option('-o, --out <file>', 'write the report of the --format before it to this file (atomically) instead of stdout', (value: string) => {
      outputs.push({ kind: 'out', value });
      return value;
    })
    .option('--charts <dir>', 'with --format md: write one SVG chart per claim into this directory and link it from the report (--format html has its charts inline)')
    .option('--fail-on <list>', "exit 1 when any claim gets one of these verdicts, or with 'findings' when there is any warning (comma-separated, repeatable)", collect)
    .option('--baseline <report>', 'a JSON report of an earlier audit: list the claims whose verdict, observed value or gap changed since')
    .addOption(
      new Option('--fail-on-change [which]', 'with --baseline: exit 1 when a verdict or attribution answer changed, or with =worse only when one got worse (docs/methods.md: Verdict order)')
        .choices(['any', 'worse'])
        .preset('any'),
    )
    .option('--publisher <name>', 'claimreview: who publishes the review (its author)')
    .addOption(new Option('--publisher-type <type>', 'claimreview: the publisher is an organization or a person (default: organization)').choices(['organization', 'person']))
    .option('--publisher-url <url>', "claimreview: the publisher's web site")
    .option('--review-url <template>', 'claimreview: the URL of each review; {id} is replaced by the claim id (e.g. https://example.org/audit#{id})')
    .action(async (_opts, cmd: Command) => {
      io.exitCode = await runAudit({ ...cmd.optsWithGlobals(), outputs }, io);
    });
}

export async function runAudit(opts: AuditCliOptions, io: CliIo): Promise<number> {
  // The command line is checked before the config is read: a typo costs nothing.
  const failOnSaid = opts.failOn ? checkFailOn(opts.failOn) : undefined;
  const planSaid = opts.outputs.length ? planOutputs(opts.outputs, io.cwd) : undefined;
  if (opts.charts !== undefined && opts.charts.trim() === '') throw new UsageError('--charts: expected a directory, e.g. --charts reports/charts');
  const publisher = publisherSaid(opts);
  const run = await resolveRunOrSay(
    opts,
    {
      ...inputsSaid(opts),
      ...(planSaid ? { outputs: planSaid.map((p) => ({ format: p.format, ...(p.out ? { path: p.out } : {}) })) } : {}),
      ...(opts.charts !== undefined ? { charts: opts.charts } : {}),
      ...(failOnSaid ? { failOn: failOnSaid } : {}),
      ...(opts.failOnChange ? { failOnChange: opts.failOnChange } : {}),
      ...(opts.baseline !== undefined ? { baseline: opts.baseline } : {}),
      ...(publisher ? { publisher } : {}),
    },
    io,
  );
  if (!run) return EXIT.input;
  // A rule the config set (the command line did not replace it) is named where the config set it,
  // shown from the project root: the CI reports quote it, and are the same from any sub-directory.
  const [{ settingAt }, { failRuleNames }] = await Promise.all([import('../../config/load.js'), import('../../policy.js')]);
  const failOnAt = failOnSaid ? undefined : settingAt(run, 'fail_on', run.root);
  const failOnChangeAt = opts.failOnChange ? undefined : settingAt(run, 'fail_on_change', run.root);
  const failOn = { ...failPolicy(run.failOn), setAt: pickSet({ failOn: failOnAt, failOnChange: failOnChangeAt }, ['failOn', 'failOnChange']) };
  const plan: OutputPlan[] = (run.outputs ?? [{ format: 'terminal' }]).map((o) => ({ format: o.format, ...(o.path ? { out: o.path } : {}) }));
  const mdPlan = plan.find((p) => p.format === 'md');
  if (run.charts !== undefined && !mdPlan) {
    throw new UsageError(
      `--charts writes one SVG per claim and links it from a Markdown report: use it with --format md${plan.some((p) => p.format === 'html') ? ' (--format html has its charts inline)' : ''}`,
    );
  }
  if (run.failOnChange && !run.baseline) {
    throw new UsageError(`${failRuleNames('--fail-on-change', 'fail_on_change', failOnChangeAt).setting} compares with a baseline: add --baseline REPORT (a JSON report of an earlier audit)${run.configFile ? ' or baseline: in the config' : ''}`);
  }
  const claimReview = plan.some((p) => p.format === 'claimreview') ? claimReviewSettings(run) : undefined;

  // The library is loaded only when a command runs, so `claimcheck --version` and `--help` start fast.
  const [{ check }, { displayPath }, { plural }, { claimReviewGaps, layOutHtml, render, renderCharts, renderChunks, renderDiffTerminal, startChartThreads }, print, { abortOnSignal, chartFiles, outputsAllowed, OutputStaging }] = await Promise.all([
    import('../../check.js'),
    import('../../files.js'),
    import('../../format.js'),
    import('../../report/index.js'),
    import('../print.js'),
    import('../write-reports.js'),
  ]);
  // Charts (HTML, --charts) are drawn on worker threads that start now, and load Vega while the
  // inputs are read and audited; they are let go whatever happens.
  const chartThreads = plan.some((p) => p.format === 'html') || run.charts !== undefined ? startChartThreads() : undefined;
  // Every file this run writes; whatever stops the run before they are all in place, none is.
  const staging = new OutputStaging(io);
  const releaseSignals = abortOnSignal(staging);
  try {
    const bar = progressFor(opts, io);
    const checked = await check({
      ...auditOptionsFrom(run),
      ...(bar ? { onProgress: (p) => bar.update(p) } : {}),
      ...(run.baseline ? { baseline: run.baseline } : {}),
      failOn,
      ...(run.failOnChange ? { failOnChange: run.failOnChange } : {}),
    }).finally(() => bar?.clear());
    if (checked.stopped) {
      print.printFindings(checked.findings, io);
      io.stderr(checked.stopped === 'baseline' ? 'no report written: --baseline must be a JSON report of an earlier audit\n' : `no report written: fix the errors above ('claimcheck validate' lists them too)\n`);
      return EXIT.input;
    }
    const { audit: result, diff, outcome } = checked;
    // What every renderer may be given, but the charts (drawn below) and what is made from them.
    const baseRenderOptions = (toStdout: boolean) => ({
      color: toStdout && useColor(io.stdoutIsTTY, io.env, io.color),
      ...(toStdout ? widthOption(terminalWidth(io.stdoutIsTTY, io.stdoutColumns, io.env)) : {}),
      run: runInfo(io.env),
      outcome,
      ...(diff ? { diff } : {}),
      ...(claimReview ? { claimReview } : {}),
    });
    // Every file the run read is an input a report must not replace; the baseline alone may be replaced,
    // since it is read whole before anything is written (`--baseline r.json --out r.json` updates it).
    if (!outputsAllowed(plan.flatMap((p) => (p.out ? [p.out] : [])), result.inputs.map((i) => ({ path: path.resolve(run.root, i.path), what: `read as ${i.path}` })), io)) return EXIT.input;

    // The chart files are written with the reports, all or none: a report never links to a chart
    // that is not there, and a failed run leaves every previous chart and report as it was. Each is
    // staged (written to a temporary file and synced) as soon as it is drawn, and renamed into place
    // with the reports.
    const chartFileOf = run.charts !== undefined ? chartFiles(result, path.resolve(io.cwd, run.charts), mdPlan!.out ? path.dirname(path.resolve(io.cwd, mdPlan!.out)) : io.cwd) : undefined;
    const chartLinks = chartFileOf?.links;
    // Charts are drawn first (asynchronously, on worker threads when there are many), once for both
    // the HTML report and the chart files; meanwhile this thread lays the HTML report out around them.
    const drawing =
      plan.some((p) => p.format === 'html') || chartFileOf
        ? renderCharts(result, {
            ...(chartThreads ? { started: chartThreads } : {}),
            ...(chartFileOf ? { onChart: (i: number, svg: string) => staging.add(i, { file: chartFileOf.files[i]!, content: svg, what: 'chart' }) } : {}),
          })
        : undefined;
    // Awaited below; should laying out fail first, the drawing's own failure must not go unhandled.
    drawing?.catch(() => {});
    const htmlLayout = drawing && plan.some((p) => p.format === 'html') ? layOutHtml(result, new Set(result.results.map((r) => r.claim.id))) : undefined;
    // Report files go after the chart files in the run's order (the first failure in it is the one reported).
    const reportOrder = (p: OutputPlan) => result.results.length + plan.indexOf(p);
    // A Markdown report links to its charts and does not hold them: it is rendered and staged while they are drawn.
    const early = drawing ? plan.filter((p) => p.out && p.format === 'md') : [];
    for (const p of early) staging.add(reportOrder(p), { file: p.out!, content: render(p.format, result, { ...baseRenderOptions(false), ...(chartLinks ? { chartLinks } : {}) }) });
    const charts = drawing ? await drawing : undefined;
    const renderOptions = (toStdout: boolean) => ({
      ...baseRenderOptions(toStdout),
      ...(charts ? { charts } : {}),
      ...(htmlLayout ? { htmlLayout } : {}),
      ...(chartLinks ? { chartLinks } : {}),
    });
    const renderOne = (format: Format, toStdout: boolean) => render(format, result, renderOptions(toStdout));

    // The report for stdout is rendered first, and printed last, so a failed write never follows a printed report.
    const stdoutPlan = plan.find((p) => !p.out);
    const stdoutText = stdoutPlan ? renderOne(stdoutPlan.format, true) : undefined;
    // Each file is rendered while its temporary file is open, and all are renamed into place only once
    // every one is written: whatever fails, every previous report stays as it was.
    for (const p of plan) {
      if (!p.out || early.includes(p)) continue;
      const format = p.format;
      // Rendered as it is written: the JSON report a megabyte at a time (renderChunks).
      const content = function* () {
        yield* renderChunks(format, result, renderOptions(false));
      };
      staging.add(reportOrder(p), { file: p.out, content: content() });
    }
    if (!(await staging.commit())) return EXIT.input;
    if (chartFileOf && !opts.quiet) io.stderr(`wrote ${plural(result.results.length, 'chart')} to ${displayPath(path.resolve(io.cwd, run.charts!), io.cwd)}\n`);
    if (stdoutText !== undefined) io.stdout(stdoutText);

    // The terminal summary on stdout already holds the warnings and the changes; otherwise say them on stderr.
    if (stdoutPlan?.format !== 'terminal') {
      print.printFindings(result.findings, io, undefined, opts.quiet);
      if (diff && run.baseline) io.stderr(renderDiffTerminal(diff, { before: displayPath(path.resolve(io.cwd, run.baseline), io.cwd), after: 'this audit' }, useColor(io.stderrIsTTY, io.env, io.color)));
    }
    if (claimReview && !opts.quiet) for (const gap of claimReviewGaps(result)) io.stderr(`claimreview: note: ${gap}\n`);
    for (const p of plan) if (p.out) print.printWrote(path.resolve(io.cwd, p.out), `${p.format}, ${plural(result.results.length, 'claim')}`, io, opts.quiet);
    if (outcome.failures.length > 0) {
      print.printFailures(outcome, io);
      return EXIT.failOn;
    }
    return EXIT.ok;
  } finally {
    // Nothing this run staged outlives it: writes still in flight end, and remove their temporary files, before it returns.
    staging.abort();
    chartThreads?.stop();
    await staging.settled();
    releaseSignals();
  }
}
