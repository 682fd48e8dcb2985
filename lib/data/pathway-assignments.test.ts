// Assigned pathways on real databases (PGlite, and Postgres when DATABASE_URL_TEST is set): the real
// UK DDaT roles and catalog, credentials signed by the demo issuers and verified by the real verifier,
// arriving through the real ingest path.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { catalogBadge, catalogBadgeById, signedCatalogReport } from '../../test/catalog-credentials';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { auditLog, pathwayAssignmentSteps, pathwayAssignments, people, users } from '../db/schema';
import { AppError } from '../domain/app-error';
import type { Actor } from '../domain/permissions';
import { importCatalog } from '../seed/import-catalog';
import { importTaxonomy } from '../seed/import-taxonomy';
import { ingestReports, recomputePersonSkills } from './ingest-credentials';
import { assignPathway, cancelPathwayAssignment, getPathwayAssignment, listPathwayAssignments, listPersonPathwayAssignments } from './pathway-assignments';

const NOW = new Date('2026-06-01T12:00:00Z');
const ROLE = 'ddat-data-scientist';
const manager: Actor = { id: 'u-manager', role: 'manager', departmentId: 'data' };
const otherManager: Actor = { id: 'u-manager-eng', role: 'manager', departmentId: 'engineering' };
const hr: Actor = { id: 'u-hr', role: 'hr', departmentId: null };
const recruiter: Actor = { id: 'u-recruiter', role: 'recruiter', departmentId: null };

async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  return err as AppError;
}

describe.each(testDatabaseKinds)('assigned pathways on %s', (kind) => {
  let t: TestDatabase;
  const stepsOf = async (assignmentId: string) =>
    t.db.select().from(pathwayAssignmentSteps).where(eq(pathwayAssignmentSteps.assignmentId, assignmentId)).orderBy(pathwayAssignmentSteps.position);
  const statusOf = async (assignmentId: string) => (await t.db.select({ s: pathwayAssignments.status }).from(pathwayAssignments).where(eq(pathwayAssignments.id, assignmentId)))[0]!.s;
  const ingest = async (personId: string, email: string, badges: { skill: string; level: number; validUntil?: string }[] | string[], actorId = hr.id) => {
    const reports = [];
    for (const b of badges) {
      const badge = typeof b === 'string' ? catalogBadgeById(b) : catalogBadge(b.skill, b.level);
      reports.push(...(await signedCatalogReport(badge, { email, now: NOW, ...(typeof b !== 'string' && b.validUntil ? { validUntil: b.validUntil } : {}) })));
    }
    return ingestReports(t.db, { personId, reports, source: 'upload', actorId, now: NOW });
  };

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await importTaxonomy(t.db);
    await importCatalog(t.db);
    await t.db.insert(users).values([
      { id: manager.id, email: 'm@x.test', name: 'Mina Manager', role: 'manager', departmentId: 'data' },
      { id: hr.id, email: 'h@x.test', name: 'Hana HR', role: 'hr' },
    ]);
    await t.db.insert(people).values([
      { id: 'e-ada', kind: 'employee', name: 'Ada Analyst', email: 'ada@x.test', departmentId: 'data', currentRole: 'Associate data scientist', currentRoleProfileId: 'ddat-associate-data-scientist' },
      { id: 'e-bo', kind: 'employee', name: 'Bo Builder', email: 'bo@x.test', departmentId: 'data' },
      { id: 'e-eng', kind: 'employee', name: 'Eve Engineer', email: 'eve@x.test', departmentId: 'engineering' },
      { id: 'c-cand', kind: 'candidate', name: 'Cal Candidate', email: 'cal@x.test' },
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  test('assign: the plan as steps, all not started; audited; listed for the manager and HR, not another department', async () => {
    const { id } = await assignPathway(t.db, manager, { personId: 'e-ada', roleId: ROLE, targetDate: '2026-12-31', note: 'Ready by the winter review' }, { now: NOW });
    const steps = await stepsOf(id);
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((s) => s.state === 'not_started' && s.targets.length > 0)).toBe(true);
    expect(steps.map((s) => s.position)).toEqual(steps.map((_, i) => i + 1));
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'pathway.assign'), eq(auditLog.subjectId, 'e-ada')));
    expect(audit).toMatchObject({ actorId: manager.id, detail: { assignmentId: id, roleId: ROLE, steps: steps.length, targetDate: '2026-12-31' } });

    const list = await listPathwayAssignments(t.db, manager, {}, { now: NOW });
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id, roleName: 'Data scientist', targetDate: '2026-12-31', assignedByName: 'Mina Manager', isOverdue: false, person: { id: 'e-ada', departmentName: 'Data' } });
    expect(list.items[0]!.progress).toMatchObject({ total: steps.length, earned: 0, started: 0, percent: 0 });
    expect((await listPathwayAssignments(t.db, hr, {}, { now: NOW })).total).toBe(1);
    expect((await listPathwayAssignments(t.db, otherManager, {}, { now: NOW })).total).toBe(0);
    await expectAppError(getPathwayAssignment(t.db, otherManager, id), 'not_found');
    await expectAppError(listPathwayAssignments(t.db, recruiter), 'forbidden');
    expect(await listPersonPathwayAssignments(t.db, recruiter, 'e-ada')).toEqual([]);
    expect((await listPersonPathwayAssignments(t.db, hr, 'e-ada')).map((a) => a.id)).toEqual([id]);
    // Overdue once the day has passed.
    expect((await listPathwayAssignments(t.db, hr, {}, { now: new Date('2027-01-01T09:00:00Z') })).items[0]!.isOverdue).toBe(true);
  });

  test('refused: no permission, another department, a candidate, the same role twice, a past or malformed date, nothing to earn', async () => {
    await expectAppError(assignPathway(t.db, recruiter, { personId: 'e-bo', roleId: ROLE }, { now: NOW }), 'forbidden');
    await expectAppError(assignPathway(t.db, otherManager, { personId: 'e-bo', roleId: ROLE }, { now: NOW }), 'not_found');
    await expectAppError(assignPathway(t.db, hr, { personId: 'c-cand', roleId: ROLE }, { now: NOW }), 'invalid_input');
    await expectAppError(assignPathway(t.db, hr, { personId: 'nobody', roleId: ROLE }, { now: NOW }), 'not_found');
    await expectAppError(assignPathway(t.db, hr, { personId: 'e-bo', roleId: 'no-such-role' }, { now: NOW }), 'not_found');
    const twice = await expectAppError(assignPathway(t.db, hr, { personId: 'e-ada', roleId: ROLE }, { now: NOW }), 'conflict');
    expect(twice.fieldErrors.existingId).toHaveLength(1);
    expect((await expectAppError(assignPathway(t.db, hr, { personId: 'e-bo', roleId: ROLE, targetDate: '2026-05-31' }, { now: NOW }), 'invalid_input')).fieldErrors.targetDate).toBeDefined();
    expect((await expectAppError(assignPathway(t.db, hr, { personId: 'e-bo', roleId: ROLE, targetDate: '2026-02-30' }, { now: NOW }), 'invalid_input')).fieldErrors.targetDate).toBeDefined();
    expect((await expectAppError(assignPathway(t.db, hr, { personId: 'e-bo', roleId: ROLE, targetDate: '2099-01-01' }, { now: NOW }), 'invalid_input')).fieldErrors.targetDate).toBeDefined();
    await expectAppError(assignPathway(t.db, hr, { personId: 'e-bo', roleId: ROLE, note: 'x'.repeat(1001) }, { now: NOW }), 'invalid_input');
    await expectAppError(assignPathway(t.db, hr, { personId: ['e-bo'], roleId: ROLE }, { now: NOW }), 'invalid_input');
    await expectAppError(assignPathway(t.db, hr, null, { now: NOW }), 'invalid_input');
    // Nothing half-written by any refusal.
    expect(await t.db.select({ id: pathwayAssignments.id }).from(pathwayAssignments).where(eq(pathwayAssignments.personId, 'e-bo'))).toEqual([]);
  });

  test('credentials arriving move the steps, in the import transaction: started by a partial level, earned by a verified badge, completed when all are', async () => {
    const [assignment] = await t.db.select().from(pathwayAssignments).where(eq(pathwayAssignments.personId, 'e-ada'));
    const id = assignment!.id;
    const steps = await stepsOf(id);
    const first = steps[0]!;
    const target = first.targets[0]!;

    // Something that throws mid-import rolls the progress back with everything else.
    const poisoned = [...(await signedCatalogReport(catalogBadge(target.skill, target.level), { email: 'ada@x.test', now: NOW }))];
    (poisoned[0]!.credential!.evidence as unknown[]).push({ id: 'x', narrative: BigInt(1) as unknown as string });
    await expect(ingestReports(t.db, { personId: 'e-ada', reports: poisoned, source: 'upload', now: NOW })).rejects.toThrow();
    expect((await stepsOf(id))[0]!.state).toBe('not_started');

    // A lower level of a target skill (above what Ada held when assigned): started.
    expect(steps.length).toBeGreaterThan(1);
    expect(target.level).toBeGreaterThan(1);
    expect(target.baseline).toBe(0);
    await ingest('e-ada', 'ada@x.test', [{ skill: target.skill, level: target.level - 1 }]);
    const started = (await stepsOf(id))[0]!;
    expect(started.state).toBe('started');
    expect(started.credentialIds).toHaveLength(1);
    expect(started.startedAt).not.toBeNull();

    // Every target of step 1 proven at its level (for a badge step: that very badge): earned.
    const results = await ingest(
      'e-ada',
      'ada@x.test',
      first.kind === 'badge' ? [first.achievementId] : first.targets.map((x) => ({ skill: x.skill, level: x.level })),
    );
    expect(results.every((r) => r.outcome === 'created')).toBe(true);
    const earned = (await stepsOf(id))[0]!;
    expect(earned.state).toBe('earned');
    expect(earned.earnedAt).not.toBeNull();
    expect(earned.credentialIds).toEqual(expect.arrayContaining(results.map((r) => r.credentialId)));
    const progressAudits = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'pathway.progress'), eq(auditLog.subjectId, 'e-ada')));
    expect(progressAudits.at(-1)).toMatchObject({ actorId: hr.id, detail: { assignmentId: id, step: 1, to: 'earned' } });
    expect(await statusOf(id)).toBe('active');
    const detail = await getPathwayAssignment(t.db, manager, id, { now: NOW });
    expect(detail.steps[0]).toMatchObject({ state: 'earned' });
    expect(detail.progress.earned).toBe(1);

    // The rest, each with a badge that expires on 2026-09-01: completed.
    const rest = steps.slice(1).flatMap((s) => s.targets.map((x) => ({ skill: x.skill, level: x.level, validUntil: '2026-09-01T00:00:00Z' })));
    await ingest('e-ada', 'ada@x.test', rest);
    expect((await stepsOf(id)).map((s) => s.state)).toEqual(steps.map(() => 'earned'));
    expect(await statusOf(id)).toBe('completed');
    expect((await listPathwayAssignments(t.db, manager, { status: 'completed' }, { now: NOW })).items.map((a) => a.id)).toEqual([id]);
    expect((await listPathwayAssignments(t.db, manager, {}, { now: NOW })).total).toBe(0);

    // When those expire, the steps they earned fall back and the pathway is open again.
    await recomputePersonSkills(t.db, 'e-ada', { now: new Date('2026-09-02T00:00:00Z') });
    const later = await stepsOf(id);
    expect(later[0]!.state).toBe('earned');
    expect(later.slice(1).every((s) => s.state !== 'earned' && s.earnedAt === null)).toBe(true);
    expect(await statusOf(id)).toBe('active');
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'pathway.reopen'), eq(auditLog.subjectId, 'e-ada')))).toHaveLength(1);
  });

  test('cancel: audited, out of the open list, and the role can be assigned again', async () => {
    const { id } = await assignPathway(t.db, hr, { personId: 'e-bo', roleId: ROLE }, { now: NOW });
    await expectAppError(cancelPathwayAssignment(t.db, otherManager, id), 'not_found');
    await expectAppError(cancelPathwayAssignment(t.db, recruiter, id), 'forbidden');
    await cancelPathwayAssignment(t.db, manager, id, { now: NOW });
    expect(await statusOf(id)).toBe('cancelled');
    expect(await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'pathway.cancel'), eq(auditLog.subjectId, 'e-bo')))).toHaveLength(1);
    expect((await listPathwayAssignments(t.db, manager, {}, { now: NOW })).items.map((a) => a.person.id)).not.toContain('e-bo');
    expect((await listPathwayAssignments(t.db, manager, { status: 'cancelled' }, { now: NOW })).items.map((a) => a.id)).toEqual([id]);
    // Cancelled pathways do not move any more.
    await ingest('e-bo', 'bo@x.test', [{ skill: (await stepsOf(id))[0]!.targets[0]!.skill, level: 5 }]);
    expect((await stepsOf(id)).every((s) => s.state === 'not_started')).toBe(true);
    const again = await assignPathway(t.db, manager, { personId: 'e-bo', roleId: ROLE }, { now: NOW });
    expect(again.id).not.toBe(id);
    await expectAppError(cancelPathwayAssignment(t.db, hr, 'no-such-id'), 'not_found');
    await expectAppError(listPathwayAssignments(t.db, hr, { status: 'weird' }), 'invalid_input');
  });
});
