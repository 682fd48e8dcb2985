import { describe, expect, test } from 'vitest';
import { buildComparison, csvField, parseCompareIds, summaryLine, toCsv } from './compare';

describe('parseCompareIds', () => {
  test.each([
    ['a,b', ['a', 'b']],
    [' a , b ,c,', ['a', 'b', 'c']],
    ['a,a,b', ['a', 'b']],
    [['a', 'b,c'], ['a', 'b', 'c']],
    ['a,b,c,d', ['a', 'b', 'c', 'd']],
  ])('%j -> %j', (raw, ids) => {
    expect(parseCompareIds(raw)).toEqual({ ids });
  });
  test.each([
    [undefined, /none were/],
    ['', /none were/],
    ['a', /only one/],
    ['a,a', /only one/],
    ['a,b,c,d,e', /up to 4/],
    [`a,${'x'.repeat(201)}`, /not a valid/],
  ])('%j is refused with a sentence', (raw, message) => {
    const r = parseCompareIds(raw);
    expect('error' in r && r.error).toMatch(message);
  });
});

describe('csv', () => {
  test.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-cmd', "'-cmd"],
    ['@x', "'@x"],
    ['=A1,B1', `"'=A1,B1"`],
  ])('%j -> %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
  test('rows end with CRLF', () => {
    expect(toCsv([['a', 'b'], ['c', 'd']])).toBe('a,b\r\nc,d\r\n');
  });
});

describe('strengths and gaps', () => {
  test('one line, capped, with "and N more"', () => {
    expect(summaryLine(['A', 'B'], [])).toBe('Strong in A and B; no gaps.');
    expect(summaryLine([], ['C'])).toBe('No strengths against these skills; gaps: C.');
    expect(summaryLine(['A', 'B', 'C', 'D', 'E'], ['F'])).toBe('Strong in A, B, C and 2 more; gaps: F.');
  });

  test('the cross-matching trap: levels are read per skill, never swapped', () => {
    const c = buildComparison(
      [
        { skill: 'a', name: 'A', minLevel: 2, weight: 1, essential: true },
        { skill: 'b', name: 'B', minLevel: 4, weight: 1, essential: true },
      ],
      [{ id: 'p', name: 'P', skills: [{ skill: 'a', level: 4, credentialIds: [] }, { skill: 'b', level: 2, credentialIds: [] }] }],
      new Map(),
    );
    expect(c.rows.map((r) => [r.skill, r.cells[0]!.achieved, r.cells[0]!.met])).toEqual([
      ['a', 4, true],
      ['b', 2, false],
    ]);
    expect(c.people[0]!.eligible).toBe(false);
    expect(c.people[0]!.score).toBe(0.625); // (1 + 0.5 * 2/4) / 2
    expect(c.people[0]!.summary).toBe('Strong in A Advanced; gaps: B Working of Advanced (essential).');
  });
});
