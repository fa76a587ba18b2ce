// How the person running claimcheck can run it again from a given directory: the command `init`
// prints as the next step, and where the installed package's schemas are (for the editor hint
// `init` writes). Found from the script that is running, never guessed from the package name.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';

/** The real path of a file, or undefined when it does not exist. */
function real(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

/** A path as the shell takes it: quoted when it holds anything but plain characters. */
function shellWord(p: string): string {
  return /^[\w./@%+=:,-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that runs this claimcheck from `dir`: `claimcheck` when the `claimcheck` on PATH is
 * this one (a global install, `npm link`); `npx claimcheck` when this one is the dependency of a
 * project that `dir` is in (`npx` finds it in node_modules/.bin from anywhere in the project);
 * otherwise `node <path to the launcher>`, which works from anywhere.
 */
export function commandFrom(dir: string, launcher: string, env: NodeJS.ProcessEnv): string {
  const me = real(launcher);
  if (!me) return 'claimcheck';
  // npx and npm scripts put node_modules/.bin on PATH for their own run only: not a place a shell looks.
  const onPath = (env.PATH ?? '').split(path.delimiter).filter((d) => d && !(path.basename(d) === '.bin' && path.basename(path.dirname(d)) === 'node_modules'));
  for (const bin of onPath) {
    for (const name of process.platform === 'win32' ? ['claimcheck.cmd', 'claimcheck'] : ['claimcheck']) {
      if (real(path.join(bin, name)) === me) return 'claimcheck';
    }
  }
  // Installed as a dependency: <project>/node_modules/claimcheck/bin/claimcheck.js.
  const pkg = path.dirname(path.dirname(me));
  const modules = path.dirname(pkg);
  if (path.basename(modules) === 'node_modules' && existsSync(path.join(modules, '.bin'))) {
    const project = path.dirname(modules);
    const rel = path.relative(project, path.resolve(dir));
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return 'npx claimcheck';
  }
  const rel = path.relative(path.resolve(dir), me);
  return `node ${shellWord(rel.startsWith('..') || rel === '' ? me : rel)}`;
}

/** One of the installed package's schemas (`claims`, `config`), as a path from `dir` (relative inside the same tree, else absolute). */
export function schemaFrom(dir: string, launcher: string, name: 'claims' | 'config'): string | undefined {
  const me = real(launcher);
  if (!me) return undefined;
  const schema = path.join(path.dirname(path.dirname(me)), 'schema', `${name}.schema.json`);
  if (!existsSync(schema)) return undefined;
  const rel = path.relative(path.resolve(dir), schema);
  return rel.split(path.sep).length <= 6 && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : schema;
}
