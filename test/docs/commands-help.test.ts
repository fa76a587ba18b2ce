// The command reference is the built CLI's --help: for each command, docs/commands.md's synopsis names
// exactly the options and arguments `claimcheck COMMAND --help` lists — same names, same kind of value
// (none, required, optional; one or a list) — and each options table exactly those of its command (with
// the same short flags). The README's "Commands at a glance" may leave options out, but every one it
// names is the CLI's. Descriptions are free: only names, values and arguments are compared.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../cli/helpers.js';

/** What an option takes: nothing, a value, or an optional value; and whether the value is a list. */
interface OptionShape {
  long: string;
  short?: string;
  value: 'none' | 'required' | 'optional';
  list: boolean;
}

interface ArgumentShape {
  /** Lower case, without an extension (`OLD.json` → old) or a plural `s` on a list (`paths...` → path). */
  name: string;
  required: boolean;
  list: boolean;
}

interface CommandShape {
  options: Map<string, OptionShape>;
  args: ArgumentShape[];
}

const GLOBAL = '';

function argument(raw: string, required: boolean): ArgumentShape {
  const list = raw.endsWith('...');
  let name = raw.replace(/\.\.\.$/, '').toLowerCase().replace(/\.[a-z]+$/, '');
  if (list) name = name.replace(/s$/, '');
  return { name, required, list };
}

// ---------------------------------------------------------------- --help

function help(command: string): string {
  const r = runCli([...(command ? [command] : []), '--help'], { env: { COLUMNS: '200' } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** Lines of a help section ("Options:", "Arguments:", "Commands:") up to the next blank line. */
function section(text: string, title: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf(`${title}:`);
  if (start < 0) return [];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    out.push(line);
  }
  return out;
}

function helpShape(text: string): CommandShape {
  const options = new Map<string, OptionShape>();
  for (const line of section(text, 'Options')) {
    const m = line.match(/^ {2}(?:(-\w), )?(--[\w-]+)(?: ([<[])([\w-]+)(\.\.\.)?[>\]])?(?: {2,}|$)/);
    if (!m) continue;
    const [, short, long, bracket, , dots] = m;
    if (long === '--help') continue;
    options.set(long!, { long: long!, ...(short ? { short } : {}), value: bracket === '<' ? 'required' : bracket === '[' ? 'optional' : 'none', list: Boolean(dots) });
  }
  const usage = text.split('\n').find((l) => l.startsWith('Usage: '))!;
  const args = [...usage.matchAll(/([<[])([\w-]+(?:\.\.\.)?)[>\]]/g)].filter((m) => m[2] !== 'options' && m[2] !== 'command').map((m) => argument(m[2]!, m[1] === '<'));
  return { options, args };
}

function helpCommands(): string[] {
  return section(help(GLOBAL), 'Commands')
    // A command's own line starts two spaces in; its wrapped description further.
    .filter((l) => /^ {2}\S/.test(l))
    .map((l) => l.trim().split(/\s+/)[0]!)
    .filter((c) => c !== 'help');
}

// ---------------------------------------------------------------- Markdown

/** The synopsis: the first fenced block whose lines start `claimcheck`, one entry per command (continuation lines indented). */
function synopsis(markdown: string): Map<string, string> {
  const block = [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1]!).find((b) => b.startsWith('claimcheck '));
  if (!block) throw new Error('no synopsis block (lines starting `claimcheck`)');
  const entries = new Map<string, string>();
  let current: string | undefined;
  for (const line of block.split('\n')) {
    if (line.startsWith('claimcheck ')) {
      const first = line.slice('claimcheck '.length).trim().split(/\s+/)[0]!;
      current = /^[a-z]/.test(first) ? first : GLOBAL;
      // The global options may take several lines (`claimcheck --version`, `claimcheck [--quiet] … COMMAND`); a command one entry.
      if (entries.has(current) && current !== GLOBAL) throw new Error(`the synopsis has two entries for '${current}'`);
      const rest = current === GLOBAL ? line.slice('claimcheck '.length) : line.slice('claimcheck '.length).trim().slice(current.length);
      entries.set(current, `${entries.get(current) ?? ''} ${rest}`);
    } else if (line.trim() && current !== undefined) entries.set(current, `${entries.get(current)} ${line.trim()}`);
  }
  return entries;
}

/**
 * An entry's options and arguments. `[--x V]` takes a value, `[--x[=A|B]]` an optional one, `PATH...`
 * a list (but `a,...` is one value of comma-separated items, and `[…]...` a repeatable option). Words
 * in capitals outside an option are arguments: `ID`, `[PATH...]`.
 */
function synopsisShape(entry: string, isGlobal: boolean): CommandShape {
  const options = new Map<string, OptionShape>();
  const args: ArgumentShape[] = [];
  const tokens = entry.split(/\s+/).filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const optional = token.match(/^\[*(--[\w-]+)\[=[^\]]*\]\]*(\.\.\.)?$/);
    if (optional) {
      options.set(optional[1]!, { long: optional[1]!, value: 'optional', list: false });
      continue;
    }
    const option = token.match(/^\[*(--[\w-]+)(\]*)/);
    if (option?.[1] === '--help') continue;
    if (option) {
      const next = tokens[i + 1];
      // A value follows unless the option's bracket closes on it, or the next word is another option or a choice bar.
      const takesValue = option[2] === '' && next !== undefined && !/^[[|-]/.test(next) && !/^(COMMAND|…)$/.test(next);
      const inner = takesValue ? next!.replace(/^\[+/, '').replace(/\]+(\.\.\.)?$/, '') : '';
      options.set(option[1]!, { long: option[1]!, value: takesValue ? 'required' : 'none', list: takesValue && inner.endsWith('...') && !inner.endsWith(',...') });
      if (takesValue) i++;
      continue;
    }
    if (isGlobal || token === '|') continue;
    const arg = token.match(/^(\[)?([A-Z][\w.]*(?:\.\.\.)?)\]?$/);
    if (arg) args.push(argument(arg[2]!, !arg[1]));
  }
  return { options, args };
}

/** Each `| option | … |` table, with the command it documents: the `Options of \`CMD\`` line or the `## CMD` heading above it. */
function optionTables(markdown: string): Array<{ command: string; rows: OptionShape[] }> {
  const lines = markdown.split('\n');
  const tables: Array<{ command: string; rows: OptionShape[] }> = [];
  let command: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heading = line.match(/^#{2,} ([a-z]+)\b/);
    if (heading) command = heading[1];
    const named = line.match(/^Options of `([a-z]+)`/);
    if (named) command = named[1];
    if (!/^\| option \|/.test(line)) continue;
    if (!command) throw new Error(`docs/commands.md:${i + 1}: an options table with no command above it`);
    const rows: OptionShape[] = [];
    for (let j = i + 2; j < lines.length && lines[j]!.startsWith('|'); j++) {
      const cell = lines[j]!.split(/(?<!\\)\|/)[1]!;
      for (const m of cell.matchAll(/`(?:(-\w), )?(--[\w-]+)[^`]*`/g)) rows.push({ long: m[2]!, ...(m[1] ? { short: m[1] } : {}), value: 'none', list: false });
    }
    tables.push({ command, rows });
  }
  return tables;
}

// ---------------------------------------------------------------- the comparison

const DOCS = readFileSync(path.join(ROOT, 'docs/commands.md'), 'utf8');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const commands = helpCommands();
const helps = new Map([GLOBAL, ...commands].map((c) => [c, helpShape(help(c))]));
const shown = (c: string) => `claimcheck ${c || '(global)'}`;
const withoutShort = (o: OptionShape) => ({ long: o.long, value: o.value, list: o.list });

describe('docs/commands.md and --help', () => {
  const documented = synopsis(DOCS);

  it('the help lists the commands the docs do, and the global options', () => {
    expect(commands.length).toBeGreaterThan(5);
    expect([...documented.keys()].sort()).toEqual([GLOBAL, ...commands].sort());
  });

  it.each([GLOBAL, ...commands].map((c) => [shown(c), c]))('the synopsis of %s names exactly the options and arguments of its --help', (_name, command) => {
    const docs = synopsisShape(documented.get(command) ?? '', command === GLOBAL);
    const cli = helps.get(command)!;
    // Sorted lists, so a missing or extra option shows by name in the failure.
    const list = (m: Map<string, OptionShape>) => [...m.values()].map(withoutShort).sort((a, b) => (a.long < b.long ? -1 : 1));
    expect(list(docs.options), `${shown(command)}: options in docs/commands.md's synopsis vs --help`).toEqual(list(cli.options));
    if (command !== GLOBAL) expect(docs.args, `${shown(command)}: arguments`).toEqual(cli.args);
  });

  it('each options table lists exactly its command’s options (and the global ones it shows), with their short flags', () => {
    const tables = optionTables(DOCS);
    expect(tables.map((t) => t.command)).toEqual(expect.arrayContaining(['audit', 'draft']));
    for (const { command, rows } of tables) {
      const own = helps.get(command);
      expect(own, `docs/commands.md has an options table for '${command}', which is not a command`).toBeDefined();
      const global = helps.get(GLOBAL)!;
      for (const row of rows) {
        const cli = own!.options.get(row.long) ?? global.options.get(row.long);
        expect(cli, `the ${command} table documents ${row.long}, which '${shown(command)} --help' does not list`).toBeDefined();
        expect(row.short, `the ${command} table's short flag for ${row.long}`).toBe(cli!.short);
      }
      const inTable = new Set(rows.map((r) => r.long));
      const missing = [...own!.options.keys()].filter((o) => !inTable.has(o));
      expect(missing, `options of '${shown(command)} --help' missing from its table in docs/commands.md`).toEqual([]);
    }
  });
});

describe("README's commands at a glance", () => {
  it('names only options and arguments the CLI has, as the CLI takes them', () => {
    const glance = README.slice(README.indexOf('## Commands at a glance'));
    const entries = synopsis(glance);
    expect(entries.size).toBeGreaterThan(5);
    for (const [command, entry] of entries) {
      const cli = helps.get(command);
      expect(cli, `README names a command '${command}'`).toBeDefined();
      const docs = synopsisShape(entry, command === GLOBAL);
      for (const o of docs.options.values()) expect(withoutShort(o), `README: ${shown(command)} ${o.long}`).toEqual(cli!.options.get(o.long) && withoutShort(cli!.options.get(o.long)!));
      if (command !== GLOBAL) expect(docs.args, `README: ${shown(command)} arguments`).toEqual(cli!.args);
    }
  });
});

describe('the parsers this test relies on', () => {
  it('read a synopsis entry: values, optional values, lists, comma lists, repeatable options and arguments', () => {
    const s = synopsisShape('FILE... [DIR] [--a PATH...] [--b[=x|y]] [--c V|W,...] [--d X]... [--e] [--f | --g] [--h N [--i]]', false);
    expect([...s.options.values()]).toEqual([
      { long: '--a', value: 'required', list: true },
      { long: '--b', value: 'optional', list: false },
      { long: '--c', value: 'required', list: false },
      { long: '--d', value: 'required', list: false },
      { long: '--e', value: 'none', list: false },
      { long: '--f', value: 'none', list: false },
      { long: '--g', value: 'none', list: false },
      { long: '--h', value: 'required', list: false },
      { long: '--i', value: 'none', list: false },
    ]);
    expect(s.args).toEqual([
      { name: 'file', required: true, list: true },
      { name: 'dir', required: false, list: false },
    ]);
  });

  it('read a help page: short flags, values, optional values, lists, and the usage line’s arguments', () => {
    const s = helpShape('Usage: claimcheck x [options] <old> [paths...]\n\nOptions:\n  -c, --claims <path...>  c\n  --fail-on-change [which]  f\n  --merge   m\n  -h, --help  h\n');
    expect([...s.options.values()]).toEqual([
      { long: '--claims', short: '-c', value: 'required', list: true },
      { long: '--fail-on-change', value: 'optional', list: false },
      { long: '--merge', value: 'none', list: false },
    ]);
    expect(s.args).toEqual([
      { name: 'old', required: true, list: false },
      { name: 'path', required: false, list: true },
    ]);
  });
});
