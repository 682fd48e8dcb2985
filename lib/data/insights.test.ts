import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { auditLog, credentials, departments, issuers, people, personSkills, roleProfiles, roleRequirements, skills } from '../db/schema';
import type { Actor } from '../domain/permissions';
import { createEmbeddedEngine } from '../search/embedded-engine';
import type { SearchEngine } from '../search/engine';
import { loadPersonDocs } from '../search/person-docs';
import { exportInsightPeopleCsv, exportInsightsCsv, getInsightPeople, getInsights } from './insights';

const NOW = new Date('2026-06-20T12:00:00Z');
const HR: Actor = { id: 'u-hr', role: 'hr', departmentId: null };
const ADMIN: Actor = { id: 'u-admin', role: 'admin', departmentId: null };
const RECRUITER: Actor = { id: 'u-rec', role: 'recruiter', departmentId: null };
const MANAGER: Actor = { id: 'u-man', role: 'manager', departmentId: 'data' };

const SQL_ = 'ddat:sql';
const VIZ = 'ddat:data-visualisation';
const UR = 'ddat:user-research';

/**
 * Demand: sql 3 seats @3 + 1 seat @5 (required 3, 4 seats); viz 3 seats @2 + 2 seats @3 (required 2,
 * 5 seats); user research 2 seats @3. Supply (verified, unexpired, employees): sql>=3 e1,e2; viz>=2
 * e1,e4; ur>=3 e4. Traps: a self-reported level, an expired level, a candidate, a revoked credential.
 */
async function seed(db: TestDatabase['db']): Promise<string[]> {
  await db.insert(departments).values([
    { id: 'data', name: 'Data' },
    { id: 'design', name: 'Design' },
    { id: 'empty', name: 'Empty team' },
  ]);
  await db.insert(skills).values([
    { id: SQL_, name: 'SQL', framework: 'UK DDaT' },
    { id: VIZ, name: 'Data visualisation', framework: 'UK DDaT' },
    { id: UR, name: 'User research', framework: 'UK DDaT' },
    { id: 'onet:python', name: 'Python', framework: 'O*NET' },
  ]);
  await db.insert(roleProfiles).values([
    { id: 'r1', name: 'Data analyst', family: 'Data', departmentId: 'data', openSeats: 3, plannedHeadcount: 10 },
    { id: 'r2', name: 'Senior data analyst', family: 'Data', departmentId: 'data', openSeats: 1, plannedHeadcount: 4 },
    { id: 'r3', name: 'Designer', family: 'User-centred design', departmentId: 'design', openSeats: 2, plannedHeadcount: 5 },
  ]);
  await db.insert(roleRequirements).values([
    { roleId: 'r1', skillId: SQL_, minLevel: 3 },
    { roleId: 'r1', skillId: VIZ, minLevel: 2 },
    { roleId: 'r2', skillId: SQL_, minLevel: 5 },
    { roleId: 'r3', skillId: UR, minLevel: 3 },
    { roleId: 'r3', skillId: VIZ, minLevel: 3 },
  ]);
  const emp = (id: string, departmentId: string, extra: Partial<typeof people.$inferInsert> = {}) => ({
    id,
    kind: 'employee' as const,
    name: `Employee ${id}`,
    email: `${id}@x.test`,
    departmentId,
    currentRole: 'Analyst',
    ...extra,
  });
  await db.insert(people).values([
    emp('e1', 'data'),
    emp('e2', 'data'),
    emp('e3', 'data'),
    emp('e4', 'design'),
    emp('e5', 'design', { searchable: false }),
    emp('e6', 'data'),
    emp('e7', 'data'),
    { id: 'c1', kind: 'candidate', name: 'Candidate', email: 'c1@x.test' },
  ]);
  const ps = (personId: string, skillId: string, level: number, achievedAt: string | null, extra: Partial<typeof personSkills.$inferInsert> = {}) => ({
    personId,
    skillId,
    level,
    verified: true,
    achievedAt: achievedAt ? new Date(achievedAt) : null,
    ...extra,
  });
  await db.insert(personSkills).values([
    ps('e1', SQL_, 4, '2026-02-10T00:00:00Z'),
    ps('e1', VIZ, 2, '2025-06-01T00:00:00Z'),
    ps('e2', SQL_, 3, '2026-05-01T00:00:00Z'),
    ps('e3', SQL_, 2, '2026-03-01T00:00:00Z'),
    ps('e3', VIZ, 1, '2026-03-01T00:00:00Z'),
    ps('e4', UR, 3, '2026-04-01T00:00:00Z'),
    ps('e4', VIZ, 3, '2026-01-15T00:00:00Z'),
    ps('e5', UR, 1, null),
    ps('e6', SQL_, 5, null, { verified: false }),
    ps('e7', SQL_, 4, '2025-01-01T00:00:00Z', { expiresAt: new Date('2026-01-01T00:00:00Z') }),
    ps('c1', SQL_, 5, '2026-02-01T00:00:00Z'),
  ]);
  await db.insert(issuers).values({ id: 'did:key:x', name: 'Academy' });
  const cred = (id: string, personId: string, issuedAt: string, status: 'verified' | 'revoked' = 'verified', stated: string[] = []) => ({
    id,
    personId,
    format: 'ob3-ldp' as const,
    raw: '{}',
    contentHash: `h-${id}`,
    issuerId: 'did:key:x',
    status,
    source: 'seed',
    issuedAt: new Date(issuedAt),
    skills: stated.map((skillId) => ({ skillId, level: 3 })),
  });
  await db.insert(credentials).values([
    cred('k1', 'e1', '2026-02-10T00:00:00Z', 'verified', [SQL_]),
    cred('k2', 'e2', '2026-05-01T00:00:00Z', 'verified', [SQL_]),
    cred('k3', 'e4', '2026-01-15T00:00:00Z', 'verified', [VIZ, UR]),
    cred('k4', 'e3', '2026-05-03T00:00:00Z', 'revoked', [SQL_]),
    cred('k5', 'e1', '2024-03-01T00:00:00Z', 'verified', [VIZ]),
  ]);
  return ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7', 'c1'];
}

describe.each(testDatabaseKinds)('insights on %s', (kind) => {
  let t: TestDatabase;
  let engine: SearchEngine;
  let emptyDb: TestDatabase;
  let emptyEngine: SearchEngine;

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const ids = await seed(t.db);
    engine = createEmbeddedEngine(t.db, { now: () => NOW });
    await engine.indexPeople(await loadPersonDocs(t.db, ids));
    emptyDb = await createTestDatabase(kind);
    emptyEngine = createEmbeddedEngine(emptyDb.db, { now: () => NOW });
  });
  afterAll(async () => {
    await t?.close();
    await emptyDb?.close();
  });

  const run = (query: string, actor: Actor = HR) => getInsights(actor, new URLSearchParams(query), { db: t.db, engine, now: NOW });

  test('supply vs demand: verified, unexpired employee levels at the required level, largest gap first', async () => {
    const report = await run('from=2026-01&to=2026-06');
    expect(report.missing).toEqual([]);
    expect(report.employeeCount).toBe(7);
    expect(report.roleProfileCount).toBe(3);
    expect([report.openSeats, report.plannedHeadcount]).toEqual([6, 19]);
    expect(report.data.supplyDemand.map((r) => [r.skillId, r.requiredLevel, r.demand, r.plannedHeadcount, r.supply, r.gap])).toEqual([
      [VIZ, 2, 5, 15, 2, 3],
      [SQL_, 3, 4, 14, 2, 2],
      [UR, 3, 2, 5, 1, 1],
    ]);
    // The choices offered are skills some role asks for: Python has no demand.
    expect(report.choices.skills.map((s) => s.id).sort()).toEqual([SQL_, VIZ, UR].sort());
    expect(report.choices.families).toEqual(['Data', 'User-centred design']);
  });

  test('the level filter counts supply at that level instead', async () => {
    const report = await run('level=1');
    expect(report.data.supplyDemand.map((r) => [r.skillId, r.level, r.supply])).toEqual([
      [VIZ, 1, 3],
      [SQL_, 1, 3],
      [UR, 1, 2],
    ]);
  });

  test('heatmap: coverage per department at each skill level, an empty department has no share', async () => {
    const { coverage } = (await run('')).data;
    expect(coverage.departments).toEqual([
      { id: 'data', name: 'Data', size: 5 },
      { id: 'design', name: 'Design', size: 2 },
      { id: 'empty', name: 'Empty team', size: 0 },
    ]);
    const cell = (d: string, s: string) => coverage.cells.find((c) => c.departmentId === d && c.skillId === s);
    expect(cell('data', SQL_)).toMatchObject({ level: 3, count: 2, size: 5, share: 0.4 });
    expect(cell('data', VIZ)).toMatchObject({ level: 2, count: 1, share: 0.2 });
    expect(cell('design', VIZ)).toMatchObject({ level: 2, count: 1, share: 0.5 });
    expect(cell('design', UR)).toMatchObject({ level: 3, count: 1, share: 0.5 });
    expect(cell('empty', UR)).toMatchObject({ count: 0, size: 0, share: null });
    // Summed over departments, a skill's coverage is its supply (every employee here has a department).
    const supply = (await run('')).data.supplyDemand;
    for (const row of supply) {
      expect(coverage.cells.filter((c) => c.skillId === row.skillId).reduce((s, c) => s + c.count, 0)).toBe(row.supply);
    }
  });

  test('level distribution and time series', async () => {
    const { data } = await run('from=2026-01&to=2026-06');
    expect(data.levels.find((l) => l.skillId === SQL_)).toMatchObject({ none: 4, exact: [0, 1, 1, 1, 0], total: 7 });
    // Verified credentials only (the revoked one and the 2024 one are out).
    expect(data.credentialsPerMonth.map((p) => p.count)).toEqual([1, 1, 0, 0, 1, 0]);
    // e1 covered since 2025 (viz), e4 from January, e2 from May.
    expect(data.coverageOverTime.map((p) => p.covered)).toEqual([2, 2, 2, 2, 3, 3]);
    expect(data.coverageOverTime.at(-1)!.share).toBeCloseTo(3 / 7, 10);
  });

  test('coverage over time comes from the engine: each demanded skill at its level, the window as ISO bounds', async () => {
    const calls: Parameters<SearchEngine['aggregate']>[0][] = [];
    const spy: SearchEngine = {
      ...engine,
      kind: engine.kind,
      aggregate: async (filters, scope) => {
        calls.push(filters);
        const real = await engine.aggregate(filters, scope);
        // Not what the database says: the chart must show what the engine answered.
        return filters.coverageLevels ? { ...real, coveredBeforeFrom: real.coveredBeforeFrom + 1, firstCoveredPerMonth: [...real.firstCoveredPerMonth, { month: '2026-03', count: 2 }] } : real;
      },
    };
    const report = await getInsights(HR, new URLSearchParams('from=2026-01&to=2026-06'), { db: t.db, engine: spy, now: NOW });
    const withCoverage = calls.filter((c) => c.coverageLevels);
    expect(withCoverage).toHaveLength(1);
    expect(withCoverage[0]).toMatchObject({ from: '2026-01-01T00:00:00.000Z', to: '2026-06-30T23:59:59.999Z' });
    expect([...withCoverage[0]!.coverageLevels!].sort((a, b) => a.skill.localeCompare(b.skill))).toEqual([
      { skill: VIZ, level: 2 },
      { skill: SQL_, level: 3 },
      { skill: UR, level: 3 },
    ].sort((a, b) => a.skill.localeCompare(b.skill)));
    expect(report.data.coverageOverTime.map((p) => p.covered)).toEqual([3, 3, 5, 5, 6, 6]);
    // The level filter replaces every skill's level in the coverage pairs too.
    calls.length = 0;
    await getInsights(HR, new URLSearchParams('from=2026-01&to=2026-06&level=4'), { db: t.db, engine: spy, now: NOW });
    expect(calls.find((c) => c.coverageLevels)!.coverageLevels!.map((p) => p.level)).toEqual([4, 4, 4]);
  });

  test('a department filter narrows both demand and supply', async () => {
    const report = await run('department=data');
    expect(report.employeeCount).toBe(5);
    expect(report.data.supplyDemand.map((r) => [r.skillId, r.demand, r.supply, r.gap])).toEqual([
      [SQL_, 4, 2, 2],
      [VIZ, 3, 1, 2],
    ]);
    expect(report.data.coverage.departments.map((d) => d.id)).toEqual(['data']);
  });

  test('a role family filter narrows demand; a skill filter narrows the skills', async () => {
    const family = await run('family=User-centred%20design');
    expect(family.data.supplyDemand.map((r) => [r.skillId, r.requiredLevel, r.demand])).toEqual([
      [VIZ, 3, 2],
      [UR, 3, 2],
    ]);
    const skill = await run(`skill=${encodeURIComponent(SQL_)}&skill=onet:python`);
    expect(skill.data.supplyDemand.map((r) => [r.skillId, r.demand, r.supply])).toEqual([
      [SQL_, 4, 2],
      ['onet:python', 0, 0],
    ]);
  });

  test('values that name nothing come back as missing, with empty charts', async () => {
    const report = await run('department=nope&skill=ddat:nothing&family=Astrology');
    expect(report.missing).toEqual([
      { field: 'department', value: 'nope' },
      { field: 'family', value: 'Astrology' },
      { field: 'skill', value: 'ddat:nothing' },
    ]);
    expect(report.data.supplyDemand).toEqual([]);
  });

  test('a department without employees or roles gives zeros, not an error', async () => {
    const report = await run('department=empty');
    expect(report.employeeCount).toBe(0);
    expect(report.data.supplyDemand).toEqual([]);
    expect(report.data.coverageOverTime.every((p) => p.share === null)).toBe(true);
  });

  test('an empty organisation gives zeros, not an error', async () => {
    const report = await getInsights(HR, {}, { db: emptyDb.db, engine: emptyEngine, now: NOW });
    expect(report.employeeCount).toBe(0);
    expect(report.roleProfileCount).toBe(0);
    expect(report.data.supplyDemand).toEqual([]);
    expect(report.data.credentialsPerMonth).toHaveLength(24);
  });

  test.each([
    ['recruiter', RECRUITER],
    ['manager', MANAGER],
  ])('a %s may not see insights or their people', async (_name, actor) => {
    await expect(run('', actor)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(getInsightPeople(actor, { skill: SQL_ }, { db: t.db, now: NOW })).rejects.toMatchObject({ code: 'forbidden' });
  });

  test('admins see the same numbers as HR', async () => {
    expect((await run('', ADMIN)).data).toEqual((await run('', HR)).data);
  });

  describe('drill-down', () => {
    const people_ = (query: string, actor: Actor = HR) => getInsightPeople(actor, new URLSearchParams(query), { db: t.db, now: NOW });

    test('supply: the people counted in the bar, highest level first, at the required level', async () => {
      const res = await people_(`skill=${SQL_}&kind=supply`);
      expect(res.level).toBe(3);
      expect(res.people.map((p) => [p.id, p.level])).toEqual([
        ['e1', 4],
        ['e2', 3],
      ]);
      expect([res.total, res.supply, res.demand]).toEqual([2, 2, 4]);
      expect(res.roles.map((r) => [r.id, r.openSeats, r.minLevel])).toEqual([
        ['r1', 3, 3],
        ['r2', 1, 5],
      ]);
    });

    test('gap: employees holding the skill below the level, excluding self-reported and expired levels', async () => {
      const res = await people_(`skill=${SQL_}&kind=gap`);
      expect(res.people.map((p) => [p.id, p.level])).toEqual([['e3', 2]]);
      expect(res.total).toBe(1);
    });

    test('the number behind a heatmap cell: department and level', async () => {
      const res = await people_(`skill=${VIZ}&department=design&level=2&kind=supply`);
      expect(res.people.map((p) => p.id)).toEqual(['e4']);
      expect(res.departments).toEqual([{ id: 'design', name: 'Design' }]);
      expect(res.levelSource).toBe('filter');
    });

    test('level: exactly at the level (a segment of the level distribution)', async () => {
      const res = await people_(`skill=${SQL_}&kind=level&level=3`);
      expect(res.people.map((p) => [p.id, p.level])).toEqual([['e2', 3]]);
    });

    test('HR sees people who withdrew search consent (HR sees all)', async () => {
      const res = await people_(`skill=${UR}&kind=gap`);
      expect(res.people.map((p) => p.id)).toEqual(['e5']);
    });

    test.each([
      ['', /Choose a skill/],
      ['skill=ddat:nothing', /no skill "ddat:nothing"/],
      [`skill=${SQL_}&department=nope`, /no department "nope"/],
      [`skill=${SQL_}&kind=everyone`, /kind=supply, gap, level, credentials or covered/],
      ['kind=credentials', /Choose a month/],
      ['kind=covered&month=2026-13', /"2026-13" is not a month/],
    ])('%s: says what is missing, lists nobody wrongly', async (query, message) => {
      const res = await people_(query);
      expect(res.problems.join(' ')).toMatch(message);
      if (!query.includes('kind=everyone')) expect(res.people).toEqual([]);
    });
  });

  test('the skill filter applies to credentials per month (credentials stating a chosen skill); all skills give the engine figure', async () => {
    const all = await run('from=2026-01&to=2026-06');
    expect(all.data.credentialsPerMonth.map((p) => p.count)).toEqual([1, 1, 0, 0, 1, 0]);
    // Before issue 14 this chart ignored the skill filter and still showed [1, 1, 0, 0, 1, 0].
    expect((await run(`from=2026-01&to=2026-06&skill=${SQL_}`)).data.credentialsPerMonth.map((p) => p.count)).toEqual([0, 1, 0, 0, 1, 0]);
    expect((await run(`from=2026-01&to=2026-06&skill=${UR}`)).data.credentialsPerMonth.map((p) => p.count)).toEqual([1, 0, 0, 0, 0, 0]);
    // Revoked k4 (SQL, May) never counts; the department filter still applies.
    expect((await run(`from=2026-01&to=2026-06&skill=${SQL_}&department=design`)).data.credentialsPerMonth.every((p) => p.count === 0)).toBe(true);
    const every = await run(`from=2024-01&to=2026-06&skill=${SQL_},${VIZ},${UR}`);
    const engineSeries = (await run('from=2024-01&to=2026-06')).data.credentialsPerMonth;
    expect(every.data.credentialsPerMonth).toEqual(engineSeries);
  });

  test('the heatmap shows the skills and departments HR picks, else the largest gaps', async () => {
    const picked = await run(`heatSkill=${UR}&heatDepartment=design`);
    expect(picked.heatmap).toEqual({ skills: [UR], departments: ['design'] });
    expect(picked.data.coverage.skills.map((x) => x.id)).toEqual([UR]);
    expect(picked.data.coverage.departments.map((d) => [d.id, d.size])).toEqual([['design', 2]]);
    expect(picked.data.coverage.cells.map((c) => [c.departmentId, c.skillId, c.count])).toEqual([['design', UR, 1]]);
    // The other charts are not narrowed by the heatmap's own choice.
    expect(picked.data.supplyDemand).toHaveLength(3);
    const unknown = await run('heatSkill=onet:python');
    expect(unknown.data.coverage.skills.map((x) => x.id)).toEqual([VIZ, SQL_, UR]);
  });

  describe('month drill-downs', () => {
    const people_ = (query: string) => getInsightPeople(HR, new URLSearchParams(query), { db: t.db, now: NOW });

    test('a bar of credentials per month: who earned them, summing to the bar, with the skill filter', async () => {
      const feb = await people_('kind=credentials&month=2026-02');
      expect(feb.people.map((p) => [p.id, p.credentials])).toEqual([['e1', 1]]);
      expect(feb.credentialCount).toBe(1);
      const may = await people_(`kind=credentials&month=2026-05&skill=${SQL_}`);
      expect(may.people.map((p) => p.id)).toEqual(['e2']);
      expect((await people_(`kind=credentials&month=2026-01&skill=${SQL_}`)).people).toEqual([]);
      const report = await run(`from=2026-01&to=2026-06`);
      for (const point of report.data.credentialsPerMonth) {
        expect((await people_(`kind=credentials&month=${point.month}`)).credentialCount).toBe(point.count);
      }
    });

    test('a point of coverage over time: who was covered by the end of that month, equal to the point', async () => {
      const report = await run('from=2026-01&to=2026-06');
      for (const point of report.data.coverageOverTime) {
        const res = await people_(`kind=covered&month=${point.month}`);
        expect(res.total).toBe(point.covered);
      }
      const may = await people_('kind=covered&month=2026-05');
      expect(may.people.map((p) => p.id)).toEqual(['e2', 'e4', 'e1']);
      expect(may.people[0]!.achievedAt).toBe('2026-05-01T00:00:00.000Z');
      // With a level filter the pairs change exactly as in the chart.
      const high = await run('from=2026-01&to=2026-06&level=4');
      expect((await people_('kind=covered&month=2026-06&level=4')).total).toBe(high.data.coverageOverTime.at(-1)!.covered);
    });

    test('drill-down CSV: every row, named after the filters, audited', async () => {
      const { csv, filename } = await exportInsightPeopleCsv(HR, new URLSearchParams(`kind=supply&skill=${SQL_}&department=data&from=2026-01&to=2026-06`), { db: t.db, now: NOW });
      expect(filename).toBe('skillproof-people-dept-data-skill-ddat-sql-kind-supply-2026-01_2026-06.csv');
      expect(csv.trim().split('\r\n').slice(1)).toEqual(['e1,Employee e1,Analyst,Data,4,2026-02-10,,no', 'e2,Employee e2,Analyst,Data,3,2026-05-01,,no']);
      const audits = await t.db.select().from(auditLog);
      expect(audits.some((a) => a.action === 'insights.export' && a.subjectId === 'people:supply')).toBe(true);
    });
  });

  test('CSV export carries the chart rows and is audited', async () => {
    const { csv, filename } = await exportInsightsCsv(HR, 'supply-demand', new URLSearchParams('from=2026-01&to=2026-06'), { db: t.db, engine, now: NOW });
    expect(filename).toBe('skillproof-supply-demand-2026-01_2026-06.csv');
    expect((await exportInsightsCsv(HR, 'credentials', new URLSearchParams(`from=2026-01&to=2026-06&department=data&skill=${SQL_}&level=3`), { db: t.db, engine, now: NOW })).filename).toBe(
      'skillproof-credentials-dept-data-skill-ddat-sql-level-3-2026-01_2026-06.csv',
    );
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^skill_id,skill,level/);
    expect(lines[1]).toBe(`${VIZ},Data visualisation,2,Working,2,5,15,2,3,2`);
    const audits = await t.db.select().from(auditLog);
    expect(audits.some((a) => a.action === 'insights.export' && a.subjectId === 'supply-demand' && a.actorId === HR.id)).toBe(true);
  });
});
