import { describe, expect, test } from 'vitest';
import { anonymousLabel, buildComparison, chartRows, csvField, MAX_RADAR_AXES, parseCompareIds, summaryLine, toCsv, type MatrixRow } from './compare';

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

describe('every skill the people hold, requirements first', () => {
  const persons = [
    { id: 'p', name: 'P', skills: [{ skill: 'a', level: 4, credentialIds: [] }, { skill: 'x', level: 2, credentialIds: [] }, { skill: 'y', level: 5, credentialIds: [] }] },
    { id: 'q', name: 'Q', skills: [{ skill: 'x', level: 3, credentialIds: [] }, { skill: 'z', level: 1, credentialIds: [] }] },
  ];
  const names = new Map([['x', 'Xray'], ['y', 'Yankee'], ['z', 'Zulu']]);

  test('requirement rows come first, then held skills by holders, then total level', () => {
    const c = buildComparison([{ skill: 'b', name: 'B', minLevel: 2, weight: 1, essential: false }, { skill: 'a', name: 'A', minLevel: 3, weight: 1, essential: true }], persons, names);
    expect(c.rows.map((r) => [r.skill, r.isRequirement, r.required])).toEqual([
      ['b', true, 2],
      ['a', true, 3],
      ['x', false, null],
      ['y', false, null],
      ['z', false, null],
    ]);
    // Extra rows show levels but no met/not met: nothing was asked.
    expect(c.rows[2]!.cells.map((cell) => [cell.achieved, cell.met])).toEqual([[2, null], [3, null]]);
    // The score is still against the requirements only.
    expect(c.people[0]!.score).toBe(0.5); // a met (1), b absent (0) -> 1/2
  });

  test('without requirements every held skill is a row (no cap)', () => {
    const many = [{ id: 'p', name: 'P', skills: Array.from({ length: 30 }, (_, i) => ({ skill: `s${String(i).padStart(2, '0')}`, level: 1 + (i % 5), credentialIds: [] })) }];
    expect(buildComparison([], many, new Map()).rows).toHaveLength(30);
  });

  test.each([
    [0, 'none', 0, 0],
    [1, 'bars', 1, 0],
    [2, 'bars', 2, 0],
    [3, 'radar', 3, 0],
    [MAX_RADAR_AXES + 5, 'radar', MAX_RADAR_AXES, 5],
  ])('%i rows -> %s chart of %i axes, %i left to the matrix', (n, kind, shown, omitted) => {
    const rows = Array.from({ length: n }, (_, i) => ({ skill: `s${i}`, name: `S${i}`, required: null, weight: null, essential: null, isRequirement: false, cells: [] }) satisfies MatrixRow);
    const chart = chartRows(rows);
    expect([chart.kind, chart.rows.length, chart.omitted]).toEqual([kind, shown, omitted]);
  });

  test('anonymous labels', () => {
    expect([0, 1, 3, 25, 26].map(anonymousLabel)).toEqual(['Person A', 'Person B', 'Person D', 'Person Z', 'Person A2']);
  });
});
