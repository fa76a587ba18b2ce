// claimcheck explain ID: one claim's computation, step by step, with the evidence rows it used.
import type { Command } from 'commander';
import { EXIT, UsageError } from '../exit.js';
import { progressFor, type CliIo } from '../io.js';
import { auditOptionsFrom, inputsSaid, resolveRunOrSay, withInputs, type InputOptions } from '../options.js';

export function declareExplain(program: Command, io: CliIo): void {
  withInputs(program.command('explain'))
    .description("show one claim's computation step by step, with the evidence rows it used")
    .argument('<id>', 'the claim id')
    .action(async (id: string, _opts, cmd: Command) => {
      io.exitCode = await runExplain(id, cmd.optsWithGlobals(), io);
    });
}

export async function runExplain(id: string, opts: InputOptions, io: CliIo): Promise<number> {
  const [{ auditInputs, loadInputs, hasErrors }, { nearestNames }, { renderExplain }, { printFindings }, { selectionSummary }] = await Promise.all([
    import('../../audit.js'),
    import('../../names.js'),
    import('../../report/index.js'),
    import('../print.js'),
    import('../../select.js'),
  ]);
  const run = await resolveRunOrSay(opts, inputsSaid(opts), io);
  if (!run) return EXIT.input;
  const bar = progressFor(opts, io);
  const options = auditOptionsFrom(run);
  const loaded = await loadInputs({ ...options, ...(bar ? { onProgress: (p) => bar.update(p) } : {}) }).finally(() => bar?.clear());
  const result = auditInputs(loaded, options);
  if (hasErrors(result.findings)) {
    printFindings(result.findings, io, (f) => f.severity === 'error');
    return EXIT.input;
  }
  const found = result.results.find((r) => r.claim.id === id);
  if (!found && result.options.selection && loaded.claims.some((c) => c.id === id)) {
    throw new UsageError(`claim '${id}' is outside the selection (${selectionSummary(result.options.selection)}); explain it without that --select / --exclude`);
  }
  if (!found) {
    const near = nearestNames(id, result.results.map((r) => r.claim.id));
    throw new UsageError(`no claim with id '${id}'${near.length ? ` (did you mean ${near.map((n) => `'${n}'`).join(' or ')}?)` : ''}`);
  }
  io.stdout(renderExplain(result, found));
  return EXIT.ok;
}
