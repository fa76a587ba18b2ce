// The project config, claimcheck.yaml: found, read, checked, and merged with the command line, which
// wins. The CLI passes only --config (or --no-config) and the working directory.
//
// The reader (read.ts, and the YAML and selector machinery it needs) is loaded only when there is a
// config to read: a run without one loads, and allocates, exactly what it did before configs existed.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_MAX_YAML_BYTES, displayPath, isFinding, readTextFile } from '../files.js';
import type { SelectionAt } from '../select.js';
import type { Finding } from '../types.js';
import type { OutputTarget, ProjectConfig, RunOptions } from './read.js';

/** The names a project config may have, in the order they are looked for in each directory. */
export const CONFIG_FILE_NAMES: readonly string[] = ['claimcheck.yaml', 'claimcheck.yml'];

/**
 * The project config for a run started in `cwd`: claimcheck.yaml (or .yml) in `cwd` or the nearest
 * directory above it. The search stops at the root of the repository `cwd` is in (the first
 * directory holding `.git`, checked itself) and at the filesystem root, so a stray config in a home
 * directory never reaches into an unrelated repository.
 */
export function findConfig(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = path.join(dir, name);
      if (isFile(file)) return file;
    }
    const parent = path.dirname(dir);
    if (parent === dir || existsSync(path.join(dir, '.git'))) return undefined;
    dir = parent;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Whether a file is named as a project config (for `validate claimcheck.yaml`). */
export function isConfigFileName(file: string): boolean {
  return CONFIG_FILE_NAMES.includes(path.basename(file).toLowerCase());
}

/** A config file as loadConfig read it: its settings, when it could be read, and every problem in it. */
export interface LoadedConfig {
  config?: ProjectConfig;
  findings: Finding[];
}

export interface LoadConfigOptions {
  /**
   * Name the file from its project root (projectRoot) rather than from `cwd`, as validate and audit
   * name every input: the same from any sub-directory.
   */
  fromRoot?: boolean;
}

/**
 * Read and check one config file. `cwd` is where messages name it from. The config is returned
 * with whatever could be read even when there are errors (validate checks the paths it names).
 */
export async function loadConfig(file: string, cwd: string, options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const abs = path.resolve(cwd, file);
  // --max-file-size sets the inputs' limit, not this one: a config is a few lines of settings.
  // With fromRoot, named from the project the file is in, even when it cannot be read (projectRoot
  // gives cwd for a file outside it: a --config path elsewhere is named from here, as typed).
  const shownFrom = options.fromRoot ? projectRoot(path.dirname(abs), cwd) : cwd;
  const read = readTextFile(abs, shownFrom, { maxBytes: DEFAULT_MAX_YAML_BYTES, what: 'config', tooLargeHint: 'a project config is a few lines of settings: check that this is the file meant (--config FILE names another; --no-config reads none)' });
  if (isFinding(read)) {
    const missing = !existsSync(abs);
    return { findings: [missing ? { ...read, code: 'config-missing', message: 'the config file does not exist', hint: 'check the path given to --config, or leave --config out to use the claimcheck.yaml found from the working directory' } : read] };
  }
  const { parseConfig } = await import('./read.js');
  const { config, findings } = parseConfig(read.text, abs, read.path);
  return { config, findings: [...findings, ...(config ? missingInputs(config) : [])] };
}

/**
 * The paths a config names for the run to read that do not exist: each an error at the line that
 * names it — not later, at a path the user never typed on the command line — and all of them at once.
 */
function missingInputs(config: ProjectConfig): Finding[] {
  return config.inputPaths
    .filter((p) => !existsSync(p.path))
    .map(({ key, path: p, at }) => {
      const shown = path.relative(config.dir, p) || '.';
      const hint =
        key === 'baseline'
          ? `write an audit's JSON report there first (claimcheck audit --format json --out ${shown}), or remove 'baseline:'`
          : `paths in ${path.basename(config.file)} are relative to its directory (${config.dir}); fix the path, or remove '${key}:' to read ${key}/`;
      return { severity: 'error', code: 'config-path', ...at, message: `${key}: '${shown}' does not exist`, hint };
    });
}

/** How the config was chosen: `--config FILE`, `--no-config` (false), or neither (found from cwd). */
export type ConfigChoice = string | false | undefined;

/** What a run does, once the command line is laid over the config. */
export interface ResolvedRun extends RunOptions {
  /** The directory paths are shown from in reports and messages (see projectRoot). */
  root: string;
  /** The config file used (absolute), if any. */
  configFile?: string;
  /** The config as read, for messages that name where a setting came from. */
  config?: ProjectConfig;
  /** Where the config set the selectors this run uses (not when the command line replaced them); each file absolute. */
  selectionAt?: SelectionAt;
}

/**
 * Find (or take) the config, read it, and lay the command line over it. `commandLine` holds what the
 * user typed (paths as typed, resolved here against `cwd`). With errors in the config, `run` is
 * undefined and `findings` say why. `file` is the config chosen (absolute), even one that could not be
 * read; `config` and `findings` are the config as loadConfig read it.
 */
export async function resolveRun(cwd: string, choice: ConfigChoice, commandLine: RunOptions, options: LoadConfigOptions = {}): Promise<{ run?: ResolvedRun; file?: string } & LoadedConfig> {
  const file = choice === false ? undefined : choice !== undefined ? path.resolve(cwd, choice) : findConfig(cwd);
  if (file === undefined) return { run: mergeOptions(undefined, commandLine, cwd), findings: [] };
  const loaded = await loadConfig(file, cwd, options);
  if (!loaded.config || loaded.findings.some((f) => f.severity === 'error')) return { file, findings: loaded.findings, ...(loaded.config ? { config: loaded.config } : {}) };
  return { run: mergeOptions(loaded.config, commandLine, cwd), file, findings: loaded.findings, config: loaded.config };
}

/**
 * The command line over the config: each option given on the command line replaces the config's.
 * `--format`/`--out` replace all of the config's outputs (and its charts directory with them); with
 * the config's outputs, the terminal summary still goes to stdout unless an output is sent there.
 */
export function mergeOptions(config: ProjectConfig | undefined, commandLine: RunOptions, cwd: string): ResolvedRun {
  const abs = (p: string) => path.resolve(cwd, p);
  const line: RunOptions = {
    ...commandLine,
    ...(commandLine.claims ? { claims: commandLine.claims.map(abs) } : {}),
    ...(commandLine.evidence ? { evidence: commandLine.evidence.map(abs) } : {}),
    ...(commandLine.baseline !== undefined ? { baseline: abs(commandLine.baseline) } : {}),
    ...(commandLine.charts !== undefined && commandLine.charts.trim() !== '' ? { charts: abs(commandLine.charts) } : {}),
    ...(commandLine.outputs ? { outputs: commandLine.outputs.map((o): OutputTarget => (o.path === undefined ? { format: o.format } : { format: o.format, path: abs(o.path) })) } : {}),
  };
  if (!config) return { root: cwd, ...line };
  const { file, dir, at: _at, inputPaths: _inputPaths, ...fromConfig } = config;
  const merged: RunOptions = { ...withoutUndefined(fromConfig), ...withoutUndefined(line) };
  if (line.outputs) {
    // The command line's reports replace the config's, charts and all.
    if (line.charts === undefined) delete merged.charts;
  } else if (config.outputs) {
    merged.outputs = config.outputs.some((o) => o.path === undefined) ? config.outputs : [{ format: 'terminal' }, ...config.outputs];
  }
  if (config.publisher || line.publisher) merged.publisher = { ...config.publisher, ...withoutUndefined(line.publisher ?? {}) };
  // The config's locations name it as shown from where it was read; the library shows `file` from the run's root.
  const selectionAt = Object.fromEntries((['select', 'exclude'] as const).flatMap((k) => (line[k] === undefined && config[k] && config.at[k] ? [[k, { ...config.at[k], file }]] : [])));
  return { ...merged, root: projectRoot(dir, cwd), configFile: file, config, ...(Object.keys(selectionAt).length ? { selectionAt } : {}) };
}

/**
 * Where reports show paths from: the config's directory when the run is inside it (always so for a
 * config found by walking up), so reports are the same from any sub-directory of the project; else
 * (`--config ci/strict.yaml` from the project root) the working directory.
 */
export function projectRoot(configDir: string, cwd: string): string {
  const rel = path.relative(configDir, path.resolve(cwd));
  return rel === '' || (rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel)) ? configDir : path.resolve(cwd);
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Where a setting was written, for a message: `claimcheck.yaml:7:1`, or undefined when it came from the command line. */
export function settingAt(run: ResolvedRun, key: keyof ProjectConfig['at'], cwd: string): string | undefined {
  const at = run.config?.at[key];
  if (!at) return undefined;
  return `${displayPath(run.config!.file, cwd)}${at.line ? `:${at.line}` : ''}${at.column ? `:${at.column}` : ''}`;
}
