import { describe, expect, test } from 'vitest';
import { groupLadders, nextRoleUp, type LadderRole } from './ladder';
import type { Requirement } from './match-score';
import { computeGaps, computePathway, EXACT_MAX_GAPS, type CatalogAchievement, type PersonLevel } from './pathways';

const req = (skill: string, minLevel: number, weight = 1, essential = false): Requirement => ({ skill, minLevel, weight, essential });
const badge = (id: string, skills: Record<string, number>, partOf: string[] = []): CatalogAchievement => ({
  id,
  name: id,
  skills: Object.entries(skills).map(([skillId, level]) => ({ skillId, level })),
  partOf,
});
const lv = (levels: Record<string, number>): PersonLevel[] => Object.entries(levels).map(([skill, level]) => ({ skill, level }));

describe('computeGaps', () => {
  test.each([
    { name: 'no requirements', reqs: [], levels: {}, gaps: [] },
    { name: 'met exactly', reqs: [req('a', 3)], levels: { a: 3 }, gaps: [] },
    { name: 'above is met', reqs: [req('a', 3)], levels: { a: 5 }, gaps: [] },
    { name: 'absent skill is level 0', reqs: [req('a', 2)], levels: {}, gaps: [{ skill: 'a', current: 0, required: 2 }] },
    { name: 'below', reqs: [req('a', 4), req('b', 1)], levels: { a: 2, b: 1 }, gaps: [{ skill: 'a', current: 2, required: 4 }] },
  ])('$name', ({ reqs, levels, gaps }) => {
    expect(computeGaps(reqs, lv(levels as Record<string, number>)).map(({ skill, current, required }) => ({ skill, current, required }))).toEqual(gaps);
  });
});

describe('computePathway', () => {
  test('a role with no requirements has nothing to close', () => {
    const p = computePathway({ requirements: [], levels: lv({ a: 3 }), catalog: [badge('x', { a: 5 })] });
    expect(p.status).toBe('no-requirements');
    expect(p.steps).toEqual([]);
    expect(p.finalScore).toBe(1);
  });

  test('a person who meets every requirement needs nothing', () => {
    const p = computePathway({ requirements: [req('a', 2)], levels: lv({ a: 3 }), catalog: [badge('x', { a: 5 })] });
    expect(p.status).toBe('already-meets');
    expect(p.gaps).toEqual([]);
    expect(p.currentScore).toBe(1);
  });

  test('one badge closing two gaps beats two badges closing one each', () => {
    const p = computePathway({
      requirements: [req('a', 3), req('b', 3)],
      levels: [],
      catalog: [badge('only-a', { a: 3 }), badge('only-b', { b: 4 }), badge('both', { a: 3, b: 3 })],
    });
    expect(p.status).toBe('closes-all');
    expect(p.method).toBe('exact');
    expect(p.steps.map((s) => s.achievementId)).toEqual(['both']);
    expect(p.steps[0]!.closes).toEqual([
      { skill: 'a', from: 0, to: 3, required: 3 },
      { skill: 'b', from: 0, to: 3, required: 3 },
    ]);
    expect(p.finalScore).toBe(1);
  });

  test('a badge below the required level raises but does not close; the catalog badge at level closes', () => {
    const p = computePathway({
      requirements: [req('a', 4)],
      levels: lv({ a: 1 }),
      catalog: [badge('a-working', { a: 2 }), badge('a-advanced', { a: 4 })],
    });
    expect(p.steps.map((s) => s.achievementId)).toEqual(['a-advanced']);
    expect(p.credentialCount).toBe(1);
  });

  test('exact cover finds the optimum where greedy would not (classic counter-example)', () => {
    // Greedy takes "big" (closes 4) first and then needs two more; the optimum is the two halves.
    const reqs = ['g1', 'g2', 'g3', 'g4', 'g5', 'g6'].map((s) => req(s, 2));
    const catalog = [
      badge('big', { g2: 2, g3: 2, g4: 2, g5: 2 }),
      badge('left', { g1: 2, g2: 2, g3: 2 }),
      badge('right', { g4: 2, g5: 2, g6: 2 }),
    ];
    const p = computePathway({ requirements: reqs, levels: [], catalog });
    expect(p.method).toBe('exact');
    expect(p.credentialCount).toBe(2);
    expect(p.steps.map((s) => s.achievementId).sort()).toEqual(['left', 'right']);
  });

  test('more gaps than the exact limit fall back to greedy and still close everything', () => {
    const n = EXACT_MAX_GAPS + 4;
    const reqs = Array.from({ length: n }, (_, i) => req(`s${i}`, 3));
    const catalog = Array.from({ length: n / 2 }, (_, i) => badge(`pair${i}`, { [`s${2 * i}`]: 3, [`s${2 * i + 1}`]: 5 }));
    const p = computePathway({ requirements: reqs, levels: [], catalog });
    expect(p.method).toBe('greedy');
    expect(p.status).toBe('closes-all');
    expect(p.credentialCount).toBe(n / 2);
    expect(p.finalScore).toBe(1);
  });

  test('projected match climbs after each step, biggest gain first, and reaches 100 %', () => {
    const p = computePathway({
      requirements: [req('a', 3, 3), req('b', 3, 1)],
      levels: [],
      catalog: [badge('b3', { b: 3 }), badge('a3', { a: 3 })],
    });
    expect(p.currentScore).toBe(0);
    expect(p.steps.map((s) => [s.achievementId, s.projectedScore])).toEqual([
      ['a3', 0.75],
      ['b3', 1],
    ]);
  });

  test('a gap no catalog badge can close is listed plainly, with the best the catalog offers', () => {
    const p = computePathway({
      requirements: [req('a', 2), req('rare', 5, 1, true)],
      levels: lv({ rare: 1 }),
      catalog: [badge('a2', { a: 2 }), badge('rare3', { rare: 3 })],
    });
    expect(p.status).toBe('partial');
    expect(p.unclosable).toHaveLength(1);
    expect(p.unclosable[0]).toMatchObject({ skill: 'rare', current: 1, required: 5, essential: true, closable: false, bestAvailable: { achievementId: 'rare3', level: 3 } });
    expect(p.steps.map((s) => s.achievementId)).toEqual(['a2']);
    expect(p.finalScore).toBeLessThan(1);
    expect(p.finalEligible).toBe(false);
  });

  test('no catalog at all: every gap unclosable, no steps', () => {
    const p = computePathway({ requirements: [req('a', 2)], levels: [], catalog: [] });
    expect(p.status).toBe('partial');
    expect(p.steps).toEqual([]);
    expect(p.unclosable[0]!.bestAvailable).toBeNull();
  });

  test('a certificate whose parts together close more is chosen as one stack step', () => {
    const catalog = [
      badge('cert', { c: 3 }),
      badge('part1', { a: 3 }, ['cert']),
      badge('part2', { b: 3 }, ['cert']),
      badge('solo-a', { a: 3 }),
    ];
    // a, b and c: the stack (2 credentials) closes all three; separately one would need a, b and no way to c.
    const p = computePathway({ requirements: [req('a', 3), req('b', 3), req('c', 3)], levels: [], catalog });
    expect(p.status).toBe('closes-all');
    expect(p.steps).toHaveLength(1);
    expect(p.steps[0]).toMatchObject({ kind: 'stack', achievementId: 'cert', credentialCount: 2 });
    expect(p.steps[0]!.parts.map((x) => x.achievementId)).toEqual(['part1', 'part2']);
    expect(p.credentialCount).toBe(2);
  });

  test('a stack costs only its parts not held yet', () => {
    const catalog = [badge('cert', {}), badge('p1', { a: 3 }, ['cert']), badge('p2', { b: 3 }, ['cert']), badge('p3', { c: 3 }, ['cert'])];
    const p = computePathway({
      requirements: [req('b', 3), req('c', 3)],
      levels: lv({ a: 3 }),
      catalog,
      heldAchievementIds: ['p1'],
    });
    expect(p.credentialCount).toBe(2);
    expect(p.finalScore).toBe(1);
  });

  test('a single badge is preferred to a stack that closes the same gaps at a higher cost', () => {
    const catalog = [badge('p1', { a: 3 }, ['cert']), badge('p2', { z: 3 }, ['cert']), badge('solo', { a: 4 })];
    const p = computePathway({ requirements: [req('a', 3)], levels: [], catalog });
    // p1 on its own or solo: either is one badge (p1 wins on name); never the two-badge stack.
    expect(p.steps.map((s) => [s.kind, s.achievementId])).toEqual([['badge', 'p1']]);
    expect(p.credentialCount).toBe(1);
  });

  test('the badge at the required level is preferred to a higher one that closes the same gap', () => {
    const p = computePathway({
      requirements: [req('a', 3), req('b', 3)],
      levels: [],
      catalog: [badge('a: Expert', { a: 5 }), badge('a: Practitioner', { a: 3 }), badge('b: Expert', { b: 5 }), badge('b: Practitioner', { b: 3 }), badge('a-and-b: Expert', { a: 5 }, ['cert']), badge('b-and-a: Expert', { b: 5 }, ['cert'])],
    });
    expect(p.steps.map((s) => s.achievementId).sort()).toEqual(['a: Practitioner', 'b: Practitioner']);
  });

  test('ties break by name, so the pathway is deterministic', () => {
    const p = computePathway({ requirements: [req('a', 2)], levels: [], catalog: [badge('zeta', { a: 2 }), badge('alpha', { a: 2 })] });
    expect(p.steps.map((s) => s.achievementId)).toEqual(['alpha']);
  });

  test('essential gaps: eligibility turns true once the essential one is closed', () => {
    const p = computePathway({
      requirements: [req('a', 2, 1, true), req('b', 2, 5)],
      levels: [],
      catalog: [badge('a2', { a: 2 }), badge('b2', { b: 2 })],
    });
    expect(p.currentEligible).toBe(false);
    const last = p.steps.at(-1)!;
    expect(last.projectedEligible).toBe(true);
    expect(p.finalEligible).toBe(true);
  });

  test('a catalog of hundreds of badges over 14 gaps stays fast', () => {
    const reqs = Array.from({ length: 14 }, (_, i) => req(`s${i}`, 1 + (i % 5)));
    const catalog: CatalogAchievement[] = [];
    for (let i = 0; i < 14; i++) for (let l = 1; l <= 5; l++) catalog.push(badge(`b-${i}-${l}`, { [`s${i}`]: l, [`s${(i + 1) % 14}`]: Math.max(1, l - 1) }));
    for (let k = 0; k < 400; k++) catalog.push(badge(`noise-${k}`, { [`other${k}`]: 3 }));
    const started = performance.now();
    const p = computePathway({ requirements: reqs, levels: [], catalog });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(p.status).toBe('closes-all');
    expect(p.finalScore).toBe(1);
  });
});

describe('ladders', () => {
  const role = (id: string, family: string, track: string, ladderRank: number): LadderRole => ({ id, name: id, family, track, ladderRank });
  const roles = [
    role('senior-da', 'Data', 'Data analyst', 3),
    role('da', 'Data', 'Data analyst', 2),
    role('junior-da', 'Data', 'Data analyst', 1),
    role('ds', 'Data', 'Data scientist', 2),
    role('custom', '', '', 0),
    role('arch', 'Architecture', 'Solution architect', 1),
  ];

  test.each([
    { from: 'junior-da', next: 'da' },
    { from: 'da', next: 'senior-da' },
    { from: 'senior-da', next: null },
    { from: 'ds', next: null },
    { from: 'custom', next: null },
  ])('next role up from $from is $next', ({ from, next }) => {
    expect(nextRoleUp(roles.find((r) => r.id === from)!, roles)?.id ?? null).toBe(next);
  });

  test('groups by family, then track, ordered by rank; roles without a family last', () => {
    const groups = groupLadders(roles);
    expect(groups.map((g) => g.family)).toEqual(['Architecture', 'Data', 'Other roles']);
    expect(groups[1]!.ladders.map((l) => [l.track, l.roles.map((r) => r.id)])).toEqual([
      ['Data analyst', ['junior-da', 'da', 'senior-da']],
      ['Data scientist', ['ds']],
    ]);
  });
});
