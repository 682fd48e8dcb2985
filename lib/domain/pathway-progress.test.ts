import { describe, expect, test } from 'vitest';
import { isOverdue, stepProgress, summariseProgress, type AssignedStep, type PersonEvidence, type StepState } from './pathway-progress';

const badge: AssignedStep = { kind: 'badge', achievementId: 'b-sql-3', partIds: [], targets: [{ skill: 'sql', level: 3, baseline: 1 }] };
const stack: AssignedStep = {
  kind: 'stack',
  achievementId: 'cert-ds',
  partIds: ['p1', 'p2'],
  targets: [
    { skill: 'stats', level: 3, baseline: 2 },
    { skill: 'ml', level: 3, baseline: 0 },
  ],
};

type Ev = { levels?: Record<string, [number, string[]]>; counting?: Record<string, string[]>; pending?: Record<string, string[]> };
const ev = (e: Ev): PersonEvidence => ({
  levels: new Map(Object.entries(e.levels ?? {}).map(([k, [level, credentialIds]]) => [k, { level, credentialIds }])),
  counting: new Map(Object.entries(e.counting ?? {})),
  pending: new Map(Object.entries(e.pending ?? {})),
});

describe('stepProgress', () => {
  test.each<[string, AssignedStep, Ev, StepState, string[]]>([
    ['nothing arrived', badge, { levels: { sql: [1, ['c0']] } }, 'not_started', []],
    ['the badge itself, verified', badge, { counting: { 'b-sql-3': ['c1'] }, levels: { sql: [3, ['c1']] } }, 'earned', ['c1']],
    ['another issuer proves the level: just as good', badge, { levels: { sql: [4, ['c2']] } }, 'earned', ['c2']],
    ['a partial level above the baseline', badge, { levels: { sql: [2, ['c3']] } }, 'started', ['c3']],
    ['the level held at assignment is not progress', badge, { levels: { sql: [1, ['c0']] } }, 'not_started', []],
    ['the badge self-reported (does not count yet)', badge, { pending: { 'b-sql-3': ['c4'] } }, 'started', ['c4']],
    ['unrelated skills are no progress', badge, { levels: { python: [5, ['c5']] }, counting: { other: ['c5'] } }, 'not_started', []],
    ['one part of a stack', stack, { counting: { p1: ['c6'] } }, 'started', ['c6']],
    ['every part of a stack', stack, { counting: { p1: ['c6'], p2: ['c7'] } }, 'earned', ['c6', 'c7']],
    ['the certificate itself', stack, { counting: { 'cert-ds': ['c8'] } }, 'earned', ['c8']],
    ['every target met by other badges', stack, { levels: { stats: [3, ['c9']], ml: [4, ['c10']] } }, 'earned', ['c10', 'c9']],
    ['one target met, the other not', stack, { levels: { stats: [3, ['c9']] } }, 'started', ['c9']],
    ['a part pending', stack, { pending: { p2: ['c11'] } }, 'started', ['c11']],
  ])('%s', (_name, step, e, state, ids) => {
    expect(stepProgress(step, ev(e))).toEqual({ state, credentialIds: ids });
  });

  test('a step with no targets is earned only by its own credential', () => {
    const bare: AssignedStep = { kind: 'badge', achievementId: 'x', partIds: [], targets: [] };
    expect(stepProgress(bare, ev({})).state).toBe('not_started');
    expect(stepProgress(bare, ev({ counting: { x: ['c'] } })).state).toBe('earned');
  });
});

describe('summariseProgress and isOverdue', () => {
  test.each<[StepState[], { earned: number; started: number; notStarted: number; isComplete: boolean; percent: number }]>([
    [[], { earned: 0, started: 0, notStarted: 0, isComplete: false, percent: 0 }],
    [['not_started', 'started', 'earned'], { earned: 1, started: 1, notStarted: 1, isComplete: false, percent: 33 }],
    [['earned', 'earned'], { earned: 2, started: 0, notStarted: 0, isComplete: true, percent: 100 }],
  ])('%j', (states, expected) => {
    expect(summariseProgress(states)).toMatchObject(expected);
  });

  test.each([
    [null, false, '2026-12-03', false],
    ['2026-12-03', false, '2026-12-03', false],
    ['2026-12-02', false, '2026-12-03', true],
    ['2026-12-02', true, '2026-12-03', false],
  ])('target %s complete %s today %s -> overdue %s', (target, complete, today, expected) => {
    expect(isOverdue(target, complete, today)).toBe(expected);
  });
});
