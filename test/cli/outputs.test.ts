// Pairing --format and --out when a run writes several reports.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/exit.js';
import { planOutputs, type OutputArg } from '../../src/cli/outputs.js';

const f = (value: OutputArg['value']): OutputArg => ({ kind: 'format', value } as OutputArg);
const o = (value: string): OutputArg => ({ kind: 'out', value });

describe('planOutputs', () => {
  it.each([
    ['nothing: the terminal summary on stdout', [], [{ format: 'terminal' }]],
    ['one format on stdout', [f('junit')], [{ format: 'junit' }]],
    ['--out before --format, as before', [o('a.md'), f('md')], [{ format: 'md', out: 'a.md' }]],
    ['--out alone: the terminal summary to a file', [o('a.txt')], [{ format: 'terminal', out: 'a.txt' }]],
    [
      'pairs in order, one format left for stdout',
      [f('md'), o('a.md'), f('github'), f('junit'), o('a.xml')],
      [{ format: 'md', out: 'a.md' }, { format: 'github' }, { format: 'junit', out: 'a.xml' }],
    ],
  ])('%s', (_name, args, expected) => {
    expect(planOutputs(args as OutputArg[], '/w')).toEqual(expected);
  });

  it.each([
    ['an --out before any --format', [o('a.md'), f('md'), f('junit'), o('a.xml')], 'comes before any --format'],
    ['two files for one format', [f('md'), o('a.md'), o('b.md'), f('junit')], 'has two files'],
    ['two formats on stdout', [f('md'), f('junit'), f('sarif'), o('x.sarif')], 'md and junit would all go to stdout'],
    ['one file twice', [f('md'), o('a'), f('junit'), o('./a')], 'is given for both md and junit'],
  ])('refuses %s', (_name, args, message) => {
    expect(() => planOutputs(args as OutputArg[], '/w')).toThrow(UsageError);
    expect(() => planOutputs(args as OutputArg[], '/w')).toThrow(message);
  });
});
