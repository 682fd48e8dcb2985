import { describe, expect, test } from 'vitest';
import { compareByMatch, computeMatch, requirementCredit } from './match-score';

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
