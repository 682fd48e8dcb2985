import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { rowsOf } from '../db/client';
import { roleProfiles, roleRequirements, skills } from '../db/schema';
import { buildDdatRoleProfiles, buildSkillRows, importTaxonomy } from './import-taxonomy';
import { loadTaxonomy } from './taxonomy-data';

describe('skill aliases (data/skill-aliases.json)', () => {
  const rows = buildSkillRows();
  const byId = new Map(rows.map((r) => [r.id, r]));
  test('every entry names a shipped skill', () => {
    const file = loadTaxonomy().skillAliases;
    expect(Object.keys(file).filter((id) => !byId.has(id))).toEqual([]);
  });
  test.each([
    ['machine learning', 'ddat:developing-data-science-capability'],
    ['ml', 'onet:tensorflow'],
    ['dataviz', 'ddat:data-visualisation'],
    ['visualization', 'ddat:data-visualisation'],
    ['js', 'onet:javascript'],
    ['k8s', 'onet:kubernetes'],
  ])('"%s" is an alias of %s', (alias, id) => {
    expect((byId.get(id)?.aliases ?? []).map((a) => a.toLowerCase())).toContain(alias);
  });
  test("the frameworks' own aliases are kept", () => {
    expect(byId.get('onet:structured-query-language-sql')?.aliases).toEqual(['SQL', 'Structured query language']);
  });
});

describe('DDaT role profiles (pure)', () => {
  const profiles = buildDdatRoleProfiles();
  test('every DDaT role level in use becomes a profile with requirements on the 1-5 scale', () => {
    expect(profiles).toHaveLength(201);
    for (const p of profiles) {
      expect(p.requirements.length).toBeGreaterThan(0);
      for (const r of p.requirements) expect([1, 2, 3, 5]).toContain(r.minLevel);
    }
  });
  test('ladders are ordered by seniority, not alphabetically', () => {
    const ds = profiles.filter((p) => p.row.track === 'Data scientist').sort((a, b) => a.row.ladderRank! - b.row.ladderRank!);
    expect(ds.map((p) => p.row.name)).toEqual([
      'Trainee data scientist',
      'Associate data scientist',
      'Data scientist',
      'Lead data scientist',
      'Principal data scientist',
      'Head of data science',
    ]);
  });
  test('essential requirements are a small subset at Practitioner or above', () => {
    for (const p of profiles) {
      const essential = p.requirements.filter((r) => r.essential);
      expect(essential.length).toBeLessThanOrEqual(3);
      for (const r of essential) expect(r.minLevel).toBeGreaterThanOrEqual(3);
    }
  });
});

describe.each(testDatabaseKinds)('importTaxonomy on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  test('imports skills, departments and role profiles, and a second run changes nothing', async () => {
    const first = await importTaxonomy(db.db);
    expect(first).toEqual({ departments: 8, skills: 188 + 172, roleProfiles: 201 });
    const count = async () =>
      rowsOf<{ s: number; r: number; q: number }>(
        await db.db.execute(sql`select (select count(*)::int from skills) s, (select count(*)::int from role_profiles) r, (select count(*)::int from role_requirements) q`),
      )[0]!;
    const before = await count();
    await importTaxonomy(db.db);
    expect(await count()).toEqual(before);

    const [ur] = await db.db.select().from(skills).where(eq(skills.id, 'ddat:user-research-methods'));
    expect(ur?.framework).toBe('UK DDaT');
    expect(Object.keys(ur!.levelDescriptions).sort()).toEqual(['1', '2', '3', '5']);
    const [sqlSkill] = await db.db.select().from(skills).where(eq(skills.id, 'onet:structured-query-language-sql'));
    expect(sqlSkill?.aliases).toContain('SQL');
    const [py] = await db.db.select().from(skills).where(eq(skills.id, 'onet:python'));
    expect(py?.name).toBe('Python');

    const [sde] = await db.db.select().from(roleProfiles).where(eq(roleProfiles.id, 'ddat-senior-data-engineer'));
    expect(sde).toMatchObject({ family: 'Data', track: 'Data engineer', departmentId: 'data', source: 'ddat' });
    const reqs = await db.db.select().from(roleRequirements).where(eq(roleRequirements.roleId, 'ddat-senior-data-engineer'));
    expect(reqs.length).toBeGreaterThan(3);
  });
});
