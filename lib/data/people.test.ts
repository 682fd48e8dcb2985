import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countStatements, createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { auditLog, credentials, people, personIdentities } from '../db/schema';
import { AppError } from '../domain/app-error';
import { canSeeCredential, getCredentialReport, getPersonProfile, getVisiblePeople } from './people';
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
    // The profile says why it does not count; the full report is not in the profile (loaded on demand).
    expect(revoked.failedCheck).toBe('The issuer has revoked this credential.');
    expect(revoked.checkCount).toBe(2);
    expect(revoked).not.toHaveProperty('checks');
    expect(profile.credentials.find((c) => c.id === 'c-py3')?.failedCheck).toBeNull();
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

  test('a profile view is two statements whatever the number of credentials and levels (one read, one audit insert)', async () => {
    // A person with many credentials, each stating two skills: the count must not grow with them (no N+1).
    await t.db.insert(people).values({ id: 'p-many', kind: 'candidate', name: 'Max Many', email: 'max@x.test' });
    await t.db.insert(credentials).values(
      Array.from({ length: 12 }, (_, i) => ({
        id: `c-many-${i}`,
        personId: 'p-many',
        format: 'ob3-ldp' as const,
        raw: '{}',
        contentHash: `h-many-${i}`,
        achievementId: i % 2 ? 'urn:a:py3' : 'urn:a:ur',
        issuerId: 'did:key:issuer',
        status: i % 3 ? ('verified' as const) : ('revoked' as const),
        source: 'seed',
        issuedAt: new Date(Date.UTC(2025, 0, 1 + i)),
        skills: [
          { skillId: 'onet:python', level: 1 + (i % 5) },
          { skillId: 'onet:sql', level: 2 },
        ],
        checks: [{ id: 'signature', result: 'pass' as const, message: 'ok' }],
      })),
    );
    for (const [id, actor, expectedCredentials] of [
      ['p-many', ACTORS.recruiter, 12],
      [P.cand, ACTORS.recruiter, 2],
      [P.cand2, ACTORS.hr, 1],
    ] as const) {
      const statements = countStatements(t);
      const profile = await getPersonProfile(t.db, actor, id);
      expect(statements.stop(), statements.texts.join('\n')).toBe(2);
      expect(profile.credentials).toHaveLength(expectedCredentials);
    }
    const many = await getPersonProfile(t.db, ACTORS.recruiter, 'p-many');
    // Skill names come with the credential (one statement), in the order the credential states them.
    expect(many.credentials[0]!.skills.map((s) => [s.skillId, s.name])).toEqual([
      ['onet:python', 'Python'],
      ['onet:sql', 'Structured query language SQL'],
    ]);
    expect(many.credentials.map((c) => c.issuedAt)).toEqual([...many.credentials.map((c) => c.issuedAt)].sort().reverse());
    expect(many.credentials[0]!.issuedAt).toBe('2025-01-12T00:00:00.000Z');
    // A hidden person costs one statement and writes nothing.
    const statements = countStatements(t);
    await expect(getPersonProfile(t.db, ACTORS.recruiter, P.hidden)).rejects.toMatchObject({ code: 'not_found' });
    expect(statements.stop()).toBe(1);
  });

  test('identities come with the profile only for those who import credentials', async () => {
    await t.db.insert(personIdentities).values({ id: 'pi-ada-did', personId: P.cand, kind: 'did', value: 'did:web:ada.example', canonical: 'did:web:ada.example' });
    // The person's own identities only (the subquery is correlated to the person row, not to its own id).
    expect((await getPersonProfile(t.db, ACTORS.hr, P.cand)).identities).toEqual([{ id: 'pi-ada-did', kind: 'did', value: 'did:web:ada.example' }]);
    expect((await getPersonProfile(t.db, ACTORS.hr, P.cand2)).identities).toEqual([]);
    await t.db.delete(personIdentities).where(eq(personIdentities.id, 'pi-ada-did'));
    expect((await getPersonProfile(t.db, ACTORS.recruiter, P.cand)).identities).toEqual([]);
    expect((await getPersonProfile(t.db, ACTORS.manager, P.dataEmp)).identities).toBeNull();
  });

  test('a verification report loads on demand, for someone who may see the person, and the read is audited', async () => {
    const statements = countStatements(t);
    const report = await getCredentialReport(t.db, ACTORS.recruiter, 'c-py5');
    expect(statements.stop()).toBe(2);
    expect(report).toMatchObject({ credentialId: 'c-py5', personId: P.cand, achievementName: 'Python Expert', status: 'revoked', source: 'seed', issuedAt: '2025-06-10T00:00:00.000Z' });
    expect(report.checks).toEqual([
      { id: 'signature', result: 'pass', message: 'The Data Integrity proof is valid.' },
      { id: 'revocation', result: 'fail', message: 'The issuer has revoked this credential.' },
    ]);
    expect(report.evidence).toEqual([{ id: 'https://evidence.example/1', name: 'Portfolio' }]);
    const audits = await t.db.select().from(auditLog).where(and(eq(auditLog.actorId, ACTORS.recruiter.id), eq(auditLog.subjectId, P.cand), eq(auditLog.action, 'person.view')));
    expect(audits.some((a) => a.detail.credentialId === 'c-py5' && a.detail.part === 'verification-report')).toBe(true);
  });

  // The authorization matrix of the profile applies to its reports: the person's visibility decides.
  test.each([
    ['recruiter', ACTORS.recruiter, { 'c-py3': true, 'c-mob': true, 'c-ur': true }],
    ['manager of data', ACTORS.manager, { 'c-py3': false, 'c-mob': false, 'c-ur': false }],
    ['hr', ACTORS.hr, { 'c-py3': true, 'c-mob': true, 'c-ur': true }],
  ] as const)('%s gets exactly the reports of people they may see', async (_n, actor, expected) => {
    for (const [credentialId, visible] of Object.entries(expected)) {
      const outcome = await getCredentialReport(t.db, actor, credentialId).then(
        (r) => r.credentialId,
        (e: unknown) => (e as AppError).code,
      );
      expect(outcome, credentialId).toBe(visible ? credentialId : 'not_found');
    }
  });

  test("a hidden person's report and an unknown id are the same not_found, and neither is audited", async () => {
    await t.db.insert(credentials).values({ id: 'c-hidden', personId: P.hidden, format: 'ob3-ldp', raw: '{}', contentHash: 'h-hidden', status: 'verified', source: 'seed' });
    await t.db.insert(credentials).values({ id: 'c-data', personId: P.dataEmp, format: 'ob3-ldp', raw: '{}', contentHash: 'h-data', status: 'verified', source: 'seed' });
    const errors = await Promise.all(
      [
        [ACTORS.recruiter, 'c-hidden'],
        [ACTORS.recruiter, 'c-data'],
        [ACTORS.recruiter, 'no-such-credential'],
        [ACTORS.recruiter, 'x'.repeat(500)],
        [ACTORS.manager, 'c-py3'],
      ].map(([actor, id]) => getCredentialReport(t.db, actor as (typeof ACTORS)['recruiter'], id as string).then(() => null, (e: unknown) => e)),
    );
    for (const e of errors) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('not_found');
      expect((e as AppError).message).toBe((errors[0] as AppError).message);
    }
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, P.hidden));
    expect(rows).toHaveLength(0);
    // HR sees everyone, the hidden candidate included.
    expect((await getCredentialReport(t.db, ACTORS.hr, 'c-hidden')).personId).toBe(P.hidden);
    expect((await getCredentialReport(t.db, ACTORS.manager, 'c-data')).personId).toBe(P.dataEmp);
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
