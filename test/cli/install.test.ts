// Installable and runnable anywhere: `npm pack` makes the package a user would install; installed from
// that tarball into an empty project outside this repository, it runs, `init` prints a next step that
// works there, and the editor hint it writes points at the installed schema.
// `npm pack --ignore-scripts`: dist/ is already built (`npm test` builds first), and rebuilding it
// while other test files run the CLI would pull it from under them. The install takes what it can from
// npm's cache (`--prefer-offline`: every dependency is there after `npm ci`) and asks the registry
// only for what is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from './helpers.js';

const npm = (args: string[], cwd: string) => spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, NO_COLOR: '1', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' } });

describe('the packed package, installed in an empty project', () => {
  it('installs from the tarball, runs, and tells the user how to run it there', { timeout: 300_000 }, () => {
    const out = tempDir();
    const packed = npm(['pack', '--ignore-scripts', '--pack-destination', out, '--json'], ROOT);
    expect(packed.status, packed.stderr).toBe(0);
    const { filename, files } = (JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>)[0]!;
    const shipped = files.map((f) => f.path);
    // What a user needs is in the package; the tests and the sources are not.
    expect(shipped).toEqual(expect.arrayContaining(['bin/claimcheck.js', 'dist/cli/main.js', 'schema/claims.schema.json', 'schema/report.schema.json', 'README.md', 'package.json']));
    expect(shipped.some((f) => f.startsWith('test/') || f.startsWith('src/'))).toBe(false);

    const project = tempDir();
    writeFileSync(path.join(project, 'package.json'), '{ "name": "fact-desk", "version": "1.0.0", "private": true }\n');
    const installed = npm(['install', '--prefer-offline', '--save-dev', path.join(out, filename)], project);
    expect(installed.status, installed.stderr).toBe(0);

    const npx = (args: string[], cwd = project) => spawnSync('npx', ['--no-install', 'claimcheck', ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
    const version = npx(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);

    const init = npx(['init', 'audit-2026']);
    expect(init.status, init.stderr).toBe(0);
    expect(init.stdout).toBe('Next: cd audit-2026 && npx claimcheck audit\n');
    const hint = readFileSync(path.join(project, 'audit-2026/claims/example.yaml'), 'utf8').split('\n')[0]!;
    expect(hint).toBe('# yaml-language-server: $schema=../../node_modules/claimcheck/schema/claims.schema.json');
    expect(existsSync(path.resolve(project, 'audit-2026/claims', hint.split('$schema=')[1]!))).toBe(true);

    // The printed next step, run as printed, from a shell in the project.
    const next = spawnSync('sh', ['-c', init.stdout.replace(/^Next: /, '').trim()], { cwd: project, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
    expect(next.status, next.stderr).toBe(0);
    expect(next.stdout).toContain('4 claims: 1 supported, 1 partly-supported, 1 contradicted, 1 unverifiable');
  });
});
