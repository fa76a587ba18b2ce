// The numbers a sentence states, and the periods around them: what is a claim's number, and what is not.
import { describe, expect, it } from 'vitest';
import { draftDocument, findPeriods, findQuantities, readPlainText } from '../../src/draft/index.js';

const pick = (s: string) => findQuantities(s).map((q) => ({ kind: q.kind, low: q.low, high: q.high, text: q.text, ...(q.bound ? { bound: q.bound } : {}), ...(q.unit ? { unit: q.unit } : {}) }));

describe('findQuantities', () => {
  it.each([
    ['Burglaries were cut by 15%.', [{ kind: 'percent', low: 15, high: 15, text: '15%' }]],
    ['Crime rose 33 percent.', [{ kind: 'percent', low: 33, high: 33, text: '33 percent' }]],
    ['Vehicle crime would drop 28-30 percent.', [{ kind: 'percent', low: 28, high: 30, text: '28-30 percent' }]],
    ['Thefts fell by 15 to 20 per cent.', [{ kind: 'percent', low: 15, high: 20, text: '15 to 20 per cent' }]],
    ['It rose by more than 40 percent.', [{ kind: 'percent', low: 40, high: 40, text: '40 percent', bound: '>=' }]],
    ['Robberies fell by a quarter.', [{ kind: 'fraction', low: 25, high: 25, text: 'a quarter' }]],
    ['Arrests doubled, and response times halved.', [{ kind: 'multiplier', low: 100, high: 100, text: 'doubled' }, { kind: 'multiplier', low: -50, high: -50, text: 'halved' }]],
    ['The city installed 8,000 cameras.', [{ kind: 'count', low: 8000, high: 8000, text: '8,000', unit: 'cameras' }]],
    ['It cost $84.7 million (Rs. 12 billion).', [{ kind: 'money', low: 84.7e6, high: 84.7e6, text: '$84.7 million', unit: 'USD' }, { kind: 'money', low: 12e9, high: 12e9, text: 'Rs. 12 billion', unit: 'rupees' }]],
    ['A loan of 850 million yuan.', [{ kind: 'money', low: 850e6, high: 850e6, text: '850 million yuan', unit: 'CNY' }]],
    ['Set up in 230 cities in 90 countries.', [{ kind: 'count', low: 230, high: 230, text: '230', unit: 'cities' }, { kind: 'count', low: 90, high: 90, text: '90', unit: 'countries' }]],
    ['Seventy-two screens help officers.', [{ kind: 'count', low: 72, high: 72, text: 'Seventy-two', unit: 'screens' }]],
  ])('%s', (sentence, expected) => {
    expect(pick(sentence)).toEqual(expected);
  });

  it.each([
    ['In 2016 the project began.'],
    ['See Constitutional Petition No.91 of 2011.'],
    ['The budget was questioned (Saeed 13).'],
    ['Fig 5 shows bomb blasts in Lahore.'],
    ['It runs on 4G and LTE-A networks.'],
    ['It took 2 years to build.'],
    ['Pakistan has the 5th largest population.'],
    ['These three factors shape the debate.'],
    ['In the first half of 2019 the cameras were repaired.'],
  ])('no claim in: %s', (sentence) => {
    expect(pick(sentence)).toEqual([]);
  });

  it('reads "4,000 out of the 8,000 cameras" as one count, of a stated whole', () => {
    const [q, ...rest] = findQuantities('Dawn reported how 4,000 out of the 8,000 cameras were offline.');
    expect(rest).toEqual([]);
    expect(q).toMatchObject({ kind: 'count', low: 4000, unit: 'cameras', of: { total: 8000 } });
  });
});

describe('findPeriods', () => {
  const roles = (s: string) => findPeriods(s).map((p) => [p.role, p.from ?? null, p.to ?? null, p.within ?? null]);
  it.each([
    ['Crime fell from 2014 to 2015.', [['span', '2014', '2015', null]]],
    ['Crime rose between 2017 and 2018.', [['span', '2017', '2018', null]]],
    ['By the end of 2018 it had risen.', [['point', null, '2018', null]]],
    ['Since 2015 nine cities joined.', [['since', '2015', null, null]]],
    ['It could be cut in the first five years.', [['horizon', null, null, '5y']]],
    ['In Jan 2020, Dawn reported it.', [['point', null, '2020-01', null]]],
    ['A Nov. 12, 2019, report said so.', [['point', null, '2019-11', null]]],
    ['Crime fell 46 percent year-over-year.', [['yoy', null, null, null]]],
  ])('%s', (sentence, expected) => {
    expect(roles(sentence)).toEqual(expected);
  });
});

describe('draftDocument: what the words around a number settle', () => {
  const one = (text: string) => draftDocument(readPlainText(text, 'a.txt'))[0]!;

  it('a forecast with a claimant, a size and a horizon', () => {
    const c = one('Officials believed that thefts could be reduced by 15-20 percent in the first five years.');
    expect([c.kind.value, c.claimant.value, c.claimed.value, c.target.value, c.baseline?.todo !== undefined]).toEqual(['forecast', 'Officials', '-20%..-15%', { within: '5y' }, true]);
  });

  it('a result attributed with "according to", year on year', () => {
    const c = one('According to Huawei, crime fell by 46 percent year-over-year in 2015.');
    expect([c.kind.value, c.claimant.value, c.claimed.value, c.baseline?.value, c.target.value]).toEqual(['result', 'Huawei', '-46%', '2014', '2015']);
  });

  it('a bound it cannot write as a change is left as a placeholder that says what the text says', () => {
    const c = one('Burglaries rose by more than 40 percent in 2019.');
    expect(c.claimed.value).toBeUndefined();
    expect(c.claimed.todo).toMatch(/more than 40 percent/);
  });

  it('percentage points are not read as percent', () => {
    const c = one('The clearance rate rose by 5 percentage points in 2019.');
    expect(c.claimed.value).toBeUndefined();
    expect(c.claimed.todo).toMatch(/percentage points/);
  });

  it('a sentence without a speaker leaves the claimant to the reviewer', () => {
    const c = one('Crime rose by 11 percent in 2018.');
    expect(c.claimant.value).toBeUndefined();
    expect(c.claimant.todo).toMatch(/names no one/);
  });
});
