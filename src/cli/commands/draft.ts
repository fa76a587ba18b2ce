// `claimcheck draft`: read articles, list the claims found, and write them as a claims file to review.
import { type Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EXIT, UsageError } from '../exit.js';
import { useColor, type CliIo } from '../io.js';
import { parseMaxFileSize } from '../options.js';

export const DRAFT_FORMATS = ['terminal', 'json', 'yaml'] as const;
export type DraftFormat = (typeof DRAFT_FORMATS)[number];

export interface DraftCliOptions {
  quiet?: boolean;
  evidence?: string[];
  out?: string;
  merge?: boolean;
  format: DraftFormat;
  maxFileSize?: number;
}

export function declareDraft(program: Command, io: CliIo): void {
  program
    .command('draft')
    .description('find the quantitative claims in articles (text, Markdown, HTML, PDF) and draft a claims file to review')
    .argument('<files...>', 'the documents to read: .txt, .md, .html or .pdf')
    .option('-e, --evidence <path...>', 'evidence files or directories whose regions, metrics and taxonomy the claims are matched against')
    .option('-o, --out <file>', 'write the drafted claims to this new claims file (it must not exist, unless --merge)')
    .option('--merge', 'with --out: add to the existing claims file only the claims whose quote is new')
    .addOption(new Option('-f, --format <format>', 'what to print: the claims with their quotes (terminal), the same as JSON, or the claims file (yaml)').choices(DRAFT_FORMATS).default('terminal'))
    .option('--max-file-size <size>', 'largest document read, e.g. 50MB (default: 50MB)', parseMaxFileSize)
    .action(async (files: string[], _opts, cmd: Command) => {
      io.exitCode = await runDraft(files, cmd.optsWithGlobals(), io);
    });
}

export async function runDraft(files: string[], opts: DraftCliOptions, io: CliIo): Promise<number> {
  if (opts.merge && !opts.out) throw new UsageError('--merge adds to an existing claims file: name it with --out FILE');
  // The drafting library (with its PDF and language parsers) is loaded only when draft runs.
  const [{ hasErrors }, { displayPath, isFinding, readTextFile, DEFAULT_MAX_YAML_BYTES }, { plural }, drafting, { makeChalk }, { writeFileAtomic }, { refusedTarget }, { describeWriteError, printFileError, printFindings }] =
    await Promise.all([import('../../audit.js'), import('../../files.js'), import('../../format.js'), import('../../draft/index.js'), import('../../report/index.js'), import('../write.js'), import('../targets.js'), import('../print.js')]);
  const { draft, mergeInto, readExisting, renderDraftFile, renderDraftJson, renderDraftTerminal } = drafting;
  const out = opts.out ? path.resolve(io.cwd, opts.out) : undefined;

  // The file to write, checked before any document is read: a new file must not exist; --merge needs one.
  let existing: import('../../draft/index.js').ExistingClaims | undefined;
  let existingText: string | undefined;
  if (out) {
    const why = refusedTarget(out, files.map((f) => ({ path: path.resolve(io.cwd, f), what: `a document drafted from: ${f}` })));
    if (why) {
      printFileError(out, `cannot write the claims file: ${why}`, 'choose another --out file', io);
      return EXIT.input;
    }
    if (!opts.merge && existsSync(out)) {
      printFileError(out, 'the file exists; draft never overwrites a claims file', 'add --merge to add the claims whose quote is new to it, or choose another --out file', io);
      return EXIT.input;
    }
    if (opts.merge) {
      if (!existsSync(out)) {
        printFileError(out, '--merge adds to an existing claims file, and there is none here', 'leave out --merge to create it', io);
        return EXIT.input;
      }
      const read = readTextFile(out, io.cwd, { maxBytes: opts.maxFileSize ?? DEFAULT_MAX_YAML_BYTES, what: 'claims' });
      if (isFinding(read)) {
        printFindings([read], io);
        return EXIT.input;
      }
      const parsed = readExisting(read.text);
      if ('error' in parsed) {
        printFileError(out, `cannot merge into this file: ${parsed.error}`, undefined, io);
        return EXIT.input;
      }
      existing = parsed;
      existingText = read.text;
    }
  }

  const result = await draft({
    cwd: io.cwd,
    files,
    ...(opts.evidence ? { evidence: opts.evidence } : {}),
    ...(opts.maxFileSize !== undefined ? { maxFileSize: opts.maxFileSize } : {}),
    ...(existing ? { takenIds: existing.ids, knownQuotes: existing.quotes } : {}),
  });
  // As every command prints them: in file order, wrapped on a terminal, capped per kind, with a count; --quiet leaves out notes.
  printFindings(result.findings, io, undefined, opts.quiet);
  if (hasErrors(result.findings)) {
    io.stderr(`no claims file written: fix the errors above\n`);
    return EXIT.input;
  }

  const inputs = result.documents.map((d) => d.file);
  if (out) {
    const text = existing && existingText !== undefined ? mergeInto(existingText, existing, result.claims) : renderDraftFile(result.claims, inputs);
    if (!existing || result.claims.length > 0) {
      // A new file appears whole (never over one created meanwhile); a merged file is replaced whole.
      if (!existing && existsSync(out)) {
        printFileError(out, 'the file appeared while drafting; draft never overwrites a claims file', undefined, io);
        return EXIT.input;
      }
      try {
        writeFileAtomic(out, text);
      } catch (e) {
        printFileError(out, `cannot write the claims file: ${describeWriteError(e as NodeJS.ErrnoException)}`, 'choose a path you can write to; nothing was written', io);
        return EXIT.input;
      }
    }
  }

  if (opts.format === 'json') io.stdout(renderDraftJson(result.claims, result.documents));
  else if (opts.format === 'yaml') io.stdout(renderDraftFile(result.claims, inputs));
  else io.stdout(renderDraftTerminal(result.claims, result.documents, makeChalk(useColor(io.stdoutIsTTY, io.env, io.color))));

  if (!opts.quiet) {
    if (result.claims.length === 0 && result.skipped === 0) io.stderr(`no quantitative claims found in ${plural(result.documents.length, 'document')}\n`);
    if (out && existing) {
      io.stderr(`added ${plural(result.claims.length, 'claim')} to ${displayPath(out, io.cwd)}${result.skipped ? ` (${plural(result.skipped, 'claim')} left out: their quote is already there)` : ''}\n`);
    } else if (out) io.stderr(`wrote ${displayPath(out, io.cwd)} (${plural(result.claims.length, 'drafted claim')})\n`);
    if (out && result.claims.length) {
      // The command that works where the user is, as init prints it (npx in a project, node … elsewhere).
      const { commandFrom } = await import('../launcher.js');
      const cc = io.launcher ? commandFrom(io.cwd, io.launcher, io.env) : 'claimcheck';
      io.stderr(`next: resolve each TODO in ${displayPath(out, io.cwd)} ('${cc} validate ${displayPath(out, io.cwd)}' lists them), then run '${cc} audit'\n`);
    }
  }
  return EXIT.ok;
}
