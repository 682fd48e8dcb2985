import { describe, expect, test } from 'vitest';
import { compareByMatch, computeMatch, relatedCredit, requirementCredit } from './match-score';

describe('requirementCredit', () => {
  test.each([
    [0, 3, 0],
    [1, 2, 0.25],
    [2, 4, 0.25],
    [3, 3, 1],
    [5, 3, 1],
    [2, 3, 1 / 3],
  ])('achieved %i against required %i gives %d', (achieved, required, expected) => {
    expect(requirementCredit(achieved, required)).toBeCloseTo(expected, 10);
  });
});

describe('computeMatch', () => {
  const skills = [
    { skill: 'a', level: 4, credentialIds: ['c1'] },
    { skill: 'b', level: 2, credentialIds: ['c2'] },
  ];

  test('weights credits and flags unmet essentials', () => {
    const result = computeMatch(
      [
        { skill: 'a', minLevel: 2, weight: 1, essential: true },
        { skill: 'b', minLevel: 4, weight: 3, essential: false },
      ],
      skills,
    );
    // (1*1 + 3*0.25) / 4 = 0.4375
    expect(result.score).toBe(0.4375);
    expect(result.eligible).toBe(true);
    expect(result.breakdown.map((b) => [b.skill, b.achieved, b.met])).toEqual([
      ['a', 4, true],
      ['b', 2, false],
    ]);
  });

  test('the cross-matching trap: A at 4 and B at 2 does not meet A>=2 and B>=4 as essentials', () => {
    const result = computeMatch(
      [
        { skill: 'a', minLevel: 2, weight: 1, essential: true },
        { skill: 'b', minLevel: 4, weight: 1, essential: true },
      ],
      skills,
    );
    expect(result.eligible).toBe(false);
  });

  test('a missing skill counts zero and its credentials are empty', () => {
    const result = computeMatch([{ skill: 'z', minLevel: 3, weight: 2, essential: false }], skills);
    expect(result.score).toBe(0);
    expect(result.breakdown[0]).toMatchObject({ achieved: 0, met: false, credentialIds: [] });
  });

  test('no requirements means a full match', () => {
    expect(computeMatch([], skills).score).toBe(1);
  });
});

describe('compareByMatch', () => {
  test('score, then most recent verified credential, then id', () => {
    const rows = [
      { personId: 'b', score: 0.5, lastVerifiedAt: new Date('2025-01-01') },
      { personId: 'a', score: 0.5, lastVerifiedAt: new Date('2025-01-01') },
      { personId: 'c', score: 0.5, lastVerifiedAt: new Date('2026-01-01') },
      { personId: 'd', score: 0.9, lastVerifiedAt: null },
      { personId: 'e', score: 0.5, lastVerifiedAt: null },
    ];
    expect(rows.sort(compareByMatch).map((r) => r.personId)).toEqual(['d', 'c', 'a', 'b', 'e']);
  });
});

describe('ranking among equal match % (surplus, evidence, recency)', () => {
  const python2 = [{ skill: 'py', minLevel: 2, weight: 1, essential: true }];
  test.each([
    ['Expert holder of a "Python 2+" requirement: 3 above the minimum', [{ skill: 'py', level: 5, credentialIds: ['c1'] }], 1, 3, 1],
    ['Working holder: at the minimum', [{ skill: 'py', level: 2, credentialIds: ['c1', 'c2'] }], 1, 0, 2],
    ['below the minimum: no surplus, no evidence counted', [{ skill: 'py', level: 1, credentialIds: ['c1'] }], 0.25, 0, 0],
    ['evidence capped per requirement', [{ skill: 'py', level: 2, credentialIds: Array.from({ length: 40 }, (_, i) => `c${i}`) }], 1, 0, 31],
  ])('%s', (_label, held, score, surplus, evidence) => {
    expect(computeMatch(python2, held)).toMatchObject({ score, surplus, evidence });
  });

  test('weights scale the surplus; unmet requirements add nothing', () => {
    const r = computeMatch(
      [
        { skill: 'a', minLevel: 2, weight: 2, essential: false },
        { skill: 'b', minLevel: 3, weight: 0.5, essential: false },
        { skill: 'c', minLevel: 5, weight: 1, essential: false },
      ],
      [
        { skill: 'a', level: 4, credentialIds: ['x'] },
        { skill: 'b', level: 5, credentialIds: ['y', 'z'] },
        { skill: 'c', level: 4, credentialIds: ['w'] },
      ],
    );
    expect([r.surplus, r.evidence]).toEqual([5, 3]);
  });

  test('order: score, then surplus, then evidence, then recency, then id', () => {
    const old = new Date('2024-01-01');
    const recent = new Date('2026-01-01');
    const rows = [
      { personId: 'working-recent', score: 1, surplus: 0, evidence: 1, lastVerifiedAt: recent },
      { personId: 'expert-old', score: 1, surplus: 3, evidence: 1, lastVerifiedAt: old },
      { personId: 'working-two-creds-old', score: 1, surplus: 0, evidence: 2, lastVerifiedAt: old },
      { personId: 'partial', score: 0.9, surplus: 9, evidence: 9, lastVerifiedAt: recent },
      { personId: 'advanced-old', score: 1, surplus: 2, evidence: 5, lastVerifiedAt: old },
    ];
    expect(rows.sort(compareByMatch).map((r) => r.personId)).toEqual(['expert-old', 'advanced-old', 'working-two-creds-old', 'working-recent', 'partial']);
  });
});

describe('at least N verified credentials (issue 13 item 6)', () => {
  const py = (level: number, creds: number) => ({ skill: 'py', level, credentialIds: Array.from({ length: creds }, (_, i) => `c${i}`) });

  test.each([
    // [verified level, its credentials, min level, min credentials, met, credit]
    [3, 2, 3, 2, true, 1],
    [4, 3, 3, 2, true, 1],
    [5, 1, 3, 2, false, 0.5],
    [2, 5, 4, 2, false, 0.25],
    [0, 0, 3, 1, false, 0],
  ])('level %i with %i credentials against %i+ with %i: met %s, credit %d', (level, creds, minLevel, minCredentials, met, credit) => {
    const r = computeMatch([{ skill: 'py', minLevel, weight: 1, essential: false, minCredentials }], level > 0 ? [py(level, creds)] : []);
    expect(r.breakdown[0]).toMatchObject({ met, credit, minCredentials });
    expect(r.score).toBe(credit);
  });

  test('an essential requirement short of credentials excludes the person; surplus and evidence only when met', () => {
    const short = computeMatch([{ skill: 'py', minLevel: 2, weight: 1, essential: true, minCredentials: 3 }], [py(5, 2)]);
    expect(short.eligible).toBe(false);
    expect(short.surplus).toBe(0);
    const enough = computeMatch([{ skill: 'py', minLevel: 2, weight: 1, essential: true, minCredentials: 2 }], [py(5, 2)]);
    expect(enough).toMatchObject({ eligible: true, surplus: 3, evidence: 2 });
  });

  test('it reads the verified level, not a higher self-reported one', () => {
    const counted = [{ skill: 'py', level: 5, credentialIds: [] }];
    const verified = [py(3, 2)];
    const r = computeMatch([{ skill: 'py', minLevel: 3, weight: 1, essential: true, minCredentials: 2 }], counted, verified);
    expect(r.breakdown[0]).toMatchObject({ achieved: 3, met: true, credentialIds: ['c0', 'c1'] });
    // Without a minimum of credentials the same requirement reads the counted (higher) level.
    expect(computeMatch([{ skill: 'py', minLevel: 3, weight: 1, essential: true }], counted, verified).breakdown[0]!.achieved).toBe(5);
  });
});

describe('related skills as partial evidence (issue 13 item 4)', () => {
  const held = [
    { skill: 'pandas', level: 4, credentialIds: ['c1'] },
    { skill: 'numpy', level: 2, credentialIds: ['c2'] },
  ];

  test.each([
    [4, 3, 0.25],
    [1, 4, 0.0625],
    [5, 2, 0.25],
  ])('a related skill at %i toward a minimum of %i gives %d', (level, required, expected) => {
    expect(relatedCredit(level, required)).toBe(expected);
  });

  test('an unmet optional requirement takes the best related skill, labelled, never met', () => {
    const r = computeMatch([{ skill: 'python', minLevel: 3, weight: 1, essential: false, related: ['numpy', 'pandas'] }], held);
    expect(r.breakdown[0]).toMatchObject({ achieved: 0, met: false, credit: 0.25, related: { skill: 'pandas', level: 4 }, credentialIds: [] });
    expect(r.score).toBe(0.25);
    expect(r.surplus).toBe(0);
    expect(r.evidence).toBe(0);
  });

  test('the skill itself wins when it gives more; related is then not shown', () => {
    const r = computeMatch([{ skill: 'python', minLevel: 3, weight: 1, essential: false, related: ['pandas'] }], [...held, { skill: 'python', level: 2, credentialIds: ['c3'] }]);
    // own 0.5 * 2/3 = 0.333 > related 0.25
    expect(r.breakdown[0]!.related).toBeUndefined();
    expect(r.breakdown[0]!.achieved).toBe(2);
  });

  test('never for an essential requirement, and a met requirement ignores it', () => {
    const essential = computeMatch([{ skill: 'python', minLevel: 3, weight: 1, essential: true, related: ['pandas'] }], held);
    expect(essential.eligible).toBe(false);
    expect(essential.breakdown[0]!.related).toBeUndefined();
    expect(essential.score).toBe(0);
    const met = computeMatch([{ skill: 'python', minLevel: 1, weight: 1, essential: false, related: ['pandas'] }], [...held, { skill: 'python', level: 1, credentialIds: [] }]);
    expect(met.breakdown[0]).toMatchObject({ met: true, credit: 1 });
    expect(met.breakdown[0]!.related).toBeUndefined();
  });
});
