// Colour: on a terminal by default; NO_COLOR turns it off and FORCE_COLOR on; --no-color and --color
// on the command line win over both, wherever they stand, for every command's output.
import { describe, expect, it } from 'vitest';
import { ANSI, copyFixture, runCli } from './helpers.js';

describe('--color and --no-color', () => {
  const dir = copyFixture('ci/verdict-mix');

  it.each([
    // [arguments, environment, coloured?]
    [['audit'], {}, false],
    [['audit', '--color'], {}, true],
    [['--color', 'audit'], {}, true],
    [['audit', '--color'], { NO_COLOR: '1' }, true],
    [['audit'], { FORCE_COLOR: '1', NO_COLOR: '' }, true],
    [['audit', '--no-color'], { FORCE_COLOR: '1', NO_COLOR: '' }, false],
    [['--no-color', 'audit'], { FORCE_COLOR: '1', NO_COLOR: '' }, false],
  ] as Array<[string[], Record<string, string>, boolean]>)('claimcheck %j with %j: coloured %s', (args, env, coloured) => {
    // The harness sets NO_COLOR=1; each case says what it wants.
    const r = runCli(args, { cwd: dir, env });
    expect(r.status).toBe(0);
    expect(ANSI.test(r.stdout)).toBe(coloured);
  });

  it('reaches the findings on stderr too', () => {
    const r = runCli(['validate', 'claims', 'no-such-file.csv', '--color'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(ANSI.test(r.stderr)).toBe(true);
    expect(ANSI.test(runCli(['validate', 'claims', 'no-such-file.csv', '--no-color'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '' } }).stderr)).toBe(false);
  });
});
