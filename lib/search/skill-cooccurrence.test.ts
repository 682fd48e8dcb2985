// Related skills by co-occurrence, on a real database: the table equals a count made in TypeScript
// from person_skills, the indexer's schedule recomputes only after changes, and the search page's
// read (getRelatedSkills) puts co-held skills before framework neighbours, by name.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { rowsOf } from '../db/client';
import { outbox, skills } from '../db/schema';
import { getRelatedSkills } from '../data/related-skills';
import { CORPUS_NOW, generatedPeople, insertCorpus, NAMED, PY, SQLS, VIZ } from './contract-corpus';
import { COOCCURRENCE_MIN_LEVEL, COOCCURRENCE_MIN_PEOPLE, COOCCURRENCE_TOP, refreshSkillCooccurrence, refreshSkillCooccurrenceIfDue } from './skill-cooccurrence';

describe.each(testDatabaseKinds)('skill co-occurrence on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await insertCorpus(t.db, [...NAMED, ...generatedPeople(160)]);
  });
  afterAll(async () => {
    await t?.close();
  });

  test('equals the pairs counted from verified, unexpired levels >= 2, top per skill, with shares', async () => {
    const result = await refreshSkillCooccurrence(t.db, { now: CORPUS_NOW });
    const held = rowsOf<{ person_id: string; skill_id: string; level: number; verified: boolean; expires_at: string | Date | null }>(
      await t.db.execute(sql`select person_id, skill_id, level, verified, expires_at from person_skills`),
    ).filter((r) => r.verified && r.level >= COOCCURRENCE_MIN_LEVEL && (r.expires_at === null || new Date(r.expires_at) > CORPUS_NOW));
    const byPerson = new Map<string, Set<string>>();
    for (const r of held) byPerson.set(r.person_id, (byPerson.get(r.person_id) ?? new Set()).add(r.skill_id));
    const holders = new Map<string, number>();
    const pairs = new Map<string, number>();
    for (const set of byPerson.values()) {
      for (const a of set) {
        holders.set(a, (holders.get(a) ?? 0) + 1);
        for (const b of set) if (a !== b) pairs.set(`${a} ${b}`, (pairs.get(`${a} ${b}`) ?? 0) + 1);
      }
    }
    const expected = [...pairs.entries()]
      .filter(([, n]) => n >= COOCCURRENCE_MIN_PEOPLE)
      .map(([key, n]) => {
        const [a, b] = key.split(' ') as [string, string];
        return { a, b, n };
      })
      .sort((x, y) => (x.a < y.a ? -1 : x.a > y.a ? 1 : y.n - x.n || (x.b < y.b ? -1 : 1)));
    const ranked = expected.filter((e, i) => expected.slice(0, i).filter((o) => o.a === e.a).length < COOCCURRENCE_TOP);
    const rows = rowsOf<{ skill_id: string; related_skill_id: string; people: number; share: number; rank: number }>(
      await t.db.execute(sql`select * from skill_cooccurrence order by skill_id collate "C", rank`),
    );
    expect(rows.map((r) => ({ a: r.skill_id, b: r.related_skill_id, n: Number(r.people) }))).toEqual(ranked);
    for (const r of rows) expect(Number(r.share)).toBeCloseTo(Number(r.people) / holders.get(r.skill_id)!, 5);
    expect(rows.length).toBeGreaterThan(5);
    expect(result).toEqual({ pairs: rows.length, people: byPerson.size });
  });

  test('the indexer recomputes only when never computed, or after changes and the minimum interval', async () => {
    await t.db.execute(sql`delete from skill_cooccurrence_state`);
    const t0 = new Date('2026-06-01T12:00:00Z');
    expect(await refreshSkillCooccurrenceIfDue(t.db, { now: t0 })).toBe(true);
    const later = new Date(t0.getTime() + 60 * 60_000);
    // An hour on, nothing delivered by the outbox since: not due.
    expect(await refreshSkillCooccurrenceIfDue(t.db, { now: later })).toBe(false);
    await t.db.insert(outbox).values({ aggregateId: 'n-cross', processedAt: new Date(t0.getTime() + 60_000) });
    // A change, but within the interval: not yet.
    expect(await refreshSkillCooccurrenceIfDue(t.db, { now: new Date(t0.getTime() + 2 * 60_000) })).toBe(false);
    expect(await refreshSkillCooccurrenceIfDue(t.db, { now: later })).toBe(true);
    expect(await refreshSkillCooccurrenceIfDue(t.db, { now: new Date(later.getTime() + 60 * 60_000) })).toBe(false);
  });

  test('getRelatedSkills: co-held skills first with their share, then framework neighbours that exist, without excluded ones', async () => {
    await refreshSkillCooccurrence(t.db, { now: CORPUS_NOW });
    // A framework neighbour of Python in O*NET (same commodity) that is not in the corpus' person data.
    await t.db.insert(skills).values({ id: 'onet:oracle-java', name: 'Oracle Java', framework: 'O*NET' }).onConflictDoNothing();
    const related = await getRelatedSkills(t.db, [PY], { limit: 5, exclude: [SQLS] });
    const list = related.get(PY)!;
    const coHeld = list.filter((r) => r.source === 'co-held');
    expect(coHeld.length).toBeGreaterThan(0);
    expect(list.slice(0, coHeld.length)).toEqual(coHeld);
    expect(list.map((r) => r.id)).not.toContain(SQLS);
    expect(list.map((r) => r.id)).not.toContain(PY);
    for (const r of coHeld) expect(r.share).toBeGreaterThan(0);
    expect(list.find((r) => r.id === VIZ)?.name).toBe('Data visualisation');
    const framework = await getRelatedSkills(t.db, [PY], { limit: 20 });
    expect(framework.get(PY)!.find((r) => r.id === 'onet:oracle-java')).toMatchObject({ source: 'framework', reason: expect.stringContaining('O*NET') });
  });
});
