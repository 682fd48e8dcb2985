import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { auditLog, personSkills } from '../db/schema';
import type { AppError } from '../domain/app-error';
import { searchQuerySchema } from '../domain/search-query';
import { exportComparisonCsv, getComparison } from './compare';
import { ACTORS, P, seedRecruiterFixtures } from './recruiter-test-fixtures';

const err = (p: Promise<unknown>) => p.then(() => null, (e: AppError) => e);

describe.each(testDatabaseKinds)('compare on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedRecruiterFixtures(t.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  const query = searchQuerySchema.parse({
    requirements: [
      { skill: 'onet:python', minLevel: 4, weight: 2 },
      { skill: 'ddat:user-research', minLevel: 2, essential: false },
    ],
  });

  test('against a search: matrix, scores and breakdown from verified levels only', async () => {
    const r = await getComparison(t.db, ACTORS.recruiter, { ids: `${P.cand},${P.cand2},${P.mobile}`, query });
    expect(r.persons.map((p) => p.id)).toEqual([P.cand, P.cand2, P.mobile]);
    expect(r.rows.filter((row) => row.isRequirement).map((row) => row.skill)).toEqual(['onet:python', 'ddat:user-research']);
    // Ada: Python 3 verified (the revoked 5 does not count) of 4 -> 0.5*3/4 = 0.375, research 0 -> 0
    expect(r.rows[0]!.cells.map((c) => [c.achieved, c.met])).toEqual([[3, false], [0, false], [5, true]]);
    expect(r.people.map((p) => p.score)).toEqual([0.25, 0.333333, 0.666667]);
    expect(r.people[2]!.summary).toBe('Strong in Python Expert; gaps: User research none of Working.');
    expect(r.people[0]!.gaps[0]).toMatch(/^Python Practitioner of Advanced \(essential\)/);
  });

  test('untrusted levels are marked; "trusted issuers only" compares the level trusted issuers alone prove', async () => {
    // Ada's Python 3 is proven by a trusted issuer; Mo's Expert only up to Practitioner.
    await t.db.update(personSkills).set({ trustedLevel: 3, trustedCredentialIds: ['c-py3'] }).where(and(eq(personSkills.personId, P.cand), eq(personSkills.skillId, 'onet:python')));
    await t.db.update(personSkills).set({ trustedLevel: 3, trustedCredentialIds: ['c-mob'] }).where(and(eq(personSkills.personId, P.mobile), eq(personSkills.skillId, 'onet:python')));
    const ids = `${P.cand},${P.mobile}`;
    const plain = await getComparison(t.db, ACTORS.recruiter, { ids, query });
    expect(plain.rows[0]!.cells.map((c) => c.achieved)).toEqual([3, 5]);
    expect(plain.untrusted).toEqual({ [P.cand]: [], [P.mobile]: ['onet:python'] });
    const trusted = await getComparison(t.db, ACTORS.recruiter, { ids, query: { ...query, filters: { ...query.filters, trustedOnly: true } } });
    expect(trusted.rows[0]!.cells.map((c) => [c.achieved, c.met])).toEqual([
      [3, false],
      [3, false],
    ]);
    expect(trusted.untrusted).toEqual({ [P.cand]: [], [P.mobile]: [] });
    await t.db.update(personSkills).set({ trustedLevel: null, trustedCredentialIds: [] });
  });

  test('against a role profile', async () => {
    const r = await getComparison(t.db, ACTORS.hr, { ids: [P.cand2, P.dataEmp], roleId: 'role-ds' });
    expect(r.against).toEqual({ kind: 'role', id: 'role-ds', name: 'Senior data scientist' });
    expect(r.rows.map((row) => [row.skill, row.required, row.essential])).toEqual([
      ['onet:python', 4, true],
      ['ddat:user-research', 2, false],
    ]);
    expect(r.anonymised).toBe(false);
    expect(r.people[0]!.eligible).toBe(false);
    expect(await err(getComparison(t.db, ACTORS.hr, { ids: [P.cand, P.cand2], roleId: 'nope' }))).toMatchObject({ code: 'not_found' });
  });

  test('without requirements: rows are the skills the group holds; no score', async () => {
    const r = await getComparison(t.db, ACTORS.recruiter, { ids: [P.cand, P.cand2] });
    expect(r.hasRequirements).toBe(false);
    expect(r.rows.map((row) => row.skill).sort()).toEqual(['ddat:user-research', 'onet:python']);
    expect(r.people.map((p) => p.score)).toEqual([null, null]);
    expect(r.people[0]!.summary).toContain('Strong in Python Practitioner');
  });

  test('against a search, the other skills they hold follow the requirements', async () => {
    const pythonOnly = searchQuerySchema.parse({ requirements: [{ skill: 'onet:python', minLevel: 3 }] });
    const r = await getComparison(t.db, ACTORS.recruiter, { ids: [P.cand, P.cand2], query: pythonOnly });
    expect(r.rows.map((row) => [row.name, row.isRequirement])).toEqual([
      ['Python', true],
      ['User research', false],
    ]);
    expect(r.rows[1]!.cells.map((c) => [c.achieved, c.met])).toEqual([[0, null], [4, null]]);
    // With self-reported levels included, Ada's self-reported SQL is a row too.
    const withSelf = await getComparison(t.db, ACTORS.recruiter, { ids: [P.cand, P.cand2], query: { ...pythonOnly, filters: { ...pythonOnly.filters, verifiedOnly: false } } });
    expect(withSelf.rows.map((row) => row.skill)).toEqual(['onet:python', 'ddat:user-research', 'onet:sql']);
  });

  test('anonymised: no name, e-mail, location or headline leaves lib/data, on the page or in the CSV; ids stay', async () => {
    const r = await getComparison(t.db, ACTORS.recruiter, { ids: [P.cand, P.mobile], query, anonymise: true });
    expect(r.anonymised).toBe(true);
    expect(r.persons.map((p) => [p.id, p.name, p.email, p.location, p.headline, p.departmentName])).toEqual([
      [P.cand, 'Person A', '', '', '', null],
      [P.mobile, 'Person B', '', '', '', null],
    ]);
    expect(r.people.map((p) => p.name)).toEqual(['Person A', 'Person B']);
    const { csv, filename } = await exportComparisonCsv(t.db, ACTORS.recruiter, { ids: [P.cand, P.mobile], query, anonymise: true });
    expect(filename).toMatch(/^compare-anonymised-/);
    for (const leak of ['Ada', 'Cal', 'London', 'Leeds', 'Data scientist', 'Digital', 'ada@x.test']) expect(csv).not.toContain(leak);
    expect(csv.split('\r\n')[0]).toBe('Skill,Required level,Weight,Essential,Person A,Person B');
    expect(csv.split('\r\n')[1]).toBe(`Person id,,,,${P.cand},${P.mobile}`);
    const [audit] = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, `${P.cand},${P.mobile}`));
    expect(audit?.detail).toMatchObject({ anonymised: true });
  });

  test.each([
    ['one id', P.cand, 'invalid_input', /at least 2/],
    ['nine ids', Array.from({ length: 9 }, (_, i) => `id${i}`).join(','), 'invalid_input', /up to 4/],
    ['no ids', undefined, 'invalid_input', /at least 2/],
    ['an unknown id', `${P.cand},nobody`, 'not_found', /One of the people/],
    ['a hidden employee', `${P.cand},${P.dataEmp}`, 'not_found', /One of the people/],
    ['a withdrawn candidate', `${P.cand},${P.hidden}`, 'not_found', /One of the people/],
  ])('%s -> a clear %s that names no one', async (_name, ids, code, message) => {
    const e = await err(getComparison(t.db, ACTORS.recruiter, { ids, query }));
    expect(e?.code).toBe(code);
    expect(e?.message).toMatch(message);
    expect(e?.message).not.toContain(P.dataEmp);
    expect(e?.message).not.toContain('Dee');
  });

  test('hidden and unknown ids give the identical message (no existence leak)', async () => {
    const a = await err(getComparison(t.db, ACTORS.recruiter, { ids: `${P.cand},${P.dataEmp}` }));
    const b = await err(getComparison(t.db, ACTORS.recruiter, { ids: `${P.cand},does-not-exist` }));
    expect(a?.message).toBe(b?.message);
  });

  test('an unknown skill in the query is invalid_input', async () => {
    const q = searchQuerySchema.parse({ requirements: [{ skill: 'onet:cobol', minLevel: 2 }] });
    expect(await err(getComparison(t.db, ACTORS.recruiter, { ids: [P.cand, P.cand2], query: q }))).toMatchObject({ code: 'invalid_input' });
  });

  test('CSV export is audited with who was compared', async () => {
    const { csv } = await exportComparisonCsv(t.db, ACTORS.recruiter, { ids: [P.cand, P.mobile], query });
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('Skill,Required level,Weight,Essential,Ada Candidate,Cal Mobile');
    expect(lines[1]).toBe('Match %,,,,25,67');
    expect(lines[2]).toBe('Python,4 Advanced,2,yes,3 Practitioner (not met),5 Expert (met)');
    // (the anonymised export above wrote its own row)
    const audit = (await t.db.select().from(auditLog).where(eq(auditLog.action, 'compare.export'))).filter((a) => a.detail.anonymised === false);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ people: [P.cand, P.mobile] });
  });
});
