import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { auditLog } from '../db/schema';
import { AppError } from '../domain/app-error';
import { canSeeCredential, getPersonProfile, getVisiblePeople } from './people';
import { ACTORS, P, seedRecruiterFixtures } from './recruiter-test-fixtures';
import { getSkillsByIds, suggestSkills } from './skills';

describe.each(testDatabaseKinds)('people and skills on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedRecruiterFixtures(t.db);
  });
  afterAll(async () => {
    await t?.close();
  });

  test.each([
    ['recruiter', ACTORS.recruiter, [P.cand, P.cand2, P.mobile]],
    ['manager of data', ACTORS.manager, [P.dataEmp]],
    ['hr', ACTORS.hr, [P.cand, P.cand2, P.mobile, P.dataEmp, P.hidden]],
  ])('%s sees exactly the people the visibility rule allows', async (_n, actor, expected) => {
    const visible = await getVisiblePeople(t.db, actor, [P.cand, P.cand2, P.mobile, P.dataEmp, P.hidden, 'nobody']);
    expect(visible.map((p) => p.id).sort()).toEqual([...expected].sort());
  });

  test('a hidden person and an unknown id are the same not_found, and neither is audited', async () => {
    const errors = await Promise.all(
      [P.dataEmp, P.hidden, 'no-such-id'].map((id) => getPersonProfile(t.db, ACTORS.recruiter, id).then(() => null, (e: unknown) => e)),
    );
    for (const e of errors) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('not_found');
      expect((e as AppError).message).toBe((errors[0] as AppError).message);
    }
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, P.dataEmp));
    expect(rows).toHaveLength(0);
  });

  test('the profile shows verified levels with provenance and a revoked credential flagged and not counted', async () => {
    const profile = await getPersonProfile(t.db, ACTORS.recruiter, P.cand);
    expect(profile.person.name).toBe('Ada Candidate');
    const python = profile.skills.find((s) => s.skillId === 'onet:python')!;
    // The revoked Expert credential must not lift the level above the verified Practitioner one.
    expect(python.level).toBe(3);
    expect(python.provenance.map((p) => p.credentialId)).toEqual(['c-py3']);
    expect(python.provenance[0]).toMatchObject({ achievementName: 'Python Practitioner', issuerName: 'Data Academy', sourceLevel: 'Practitioner', level: 3 });
    expect(python.notCounted.map((p) => [p.credentialId, p.status])).toEqual([['c-py5', 'revoked']]);

    const revoked = profile.credentials.find((c) => c.id === 'c-py5')!;
    expect(revoked.status).toBe('revoked');
    expect(revoked.counts).toBe(false);
    expect(revoked.checks.find((c) => c.id === 'revocation')?.result).toBe('fail');
    // newest first
    expect(profile.credentials.map((c) => c.id)).toEqual(['c-py5', 'c-py3']);

    // self-reported shown apart
    expect(profile.selfReported.map((s) => [s.skillId, s.verified])).toEqual([['onet:sql', false]]);
    expect(profile.skills.some((s) => s.skillId === 'onet:sql')).toBe(false);
  });

  test('every view is written to the audit log', async () => {
    const before = await t.db.select().from(auditLog).where(and(eq(auditLog.subjectId, P.cand2), eq(auditLog.action, 'person.view')));
    await getPersonProfile(t.db, ACTORS.recruiter, P.cand2);
    await getPersonProfile(t.db, ACTORS.hr, P.cand2);
    const after = await t.db.select().from(auditLog).where(and(eq(auditLog.subjectId, P.cand2), eq(auditLog.action, 'person.view')));
    expect(after.length - before.length).toBe(2);
    expect(after.map((r) => r.actorId)).toEqual(expect.arrayContaining([ACTORS.recruiter.id, ACTORS.hr.id]));
  });

  test('canSeeCredential answers null for credentials of hidden people', async () => {
    expect(await canSeeCredential(t.db, ACTORS.recruiter, 'c-py3')).toBe(P.cand);
    expect(await canSeeCredential(t.db, ACTORS.manager, 'c-py3')).toBeNull();
    expect(await canSeeCredential(t.db, ACTORS.recruiter, 'nope')).toBeNull();
  });

  test.each([
    ['pyt', ['onet:python', 'onet:python-django']],
    ['Python', ['onet:python', 'onet:python-django']],
    ['dataviz', ['ddat:data-visualisation']],
    ['postgres', ['onet:sql']],
    ['onet:sql', ['onet:sql']],
    ['research', ['ddat:user-research']],
    // literal, not wildcards: only the alias "charts_100%" contains them
    ['%', ['ddat:data-visualisation']],
    ['_', ['ddat:data-visualisation']],
    ['zz%', []],
    ['   ', []],
  ])('suggestSkills(%j) finds names, aliases and ids, best first', async (text, ids) => {
    const got = await suggestSkills(t.db, text, 10);
    expect(got.map((s) => s.id)).toEqual(ids);
  });

  test('an alias match says which alias matched; limit is respected', async () => {
    const [viz] = await suggestSkills(t.db, 'dataviz', 5);
    expect(viz?.matchedAlias).toBe('dataviz');
    expect(await suggestSkills(t.db, 'a', 2)).toHaveLength(2);
    expect(await suggestSkills(t.db, 'charts_100%', 5)).toHaveLength(1);
  });

  test('getSkillsByIds leaves unknown ids out', async () => {
    const m = await getSkillsByIds(t.db, ['onet:python', 'onet:nope']);
    expect([...m.keys()]).toEqual(['onet:python']);
  });
});
