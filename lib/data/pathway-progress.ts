import 'server-only';
// Progress of assigned pathways, recomputed from a person's credentials and verified levels with the
// rule in lib/domain/pathway-progress.ts. Its own module (schema and domain imports only) because
// recomputePeopleSkills calls it: every import, re-verify and trust change moves progress in the same
// transaction as the levels, and the ingest path must not pull in roles, search or pathways planning.
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { auditLog, credentials, pathwayAssignments, pathwayAssignmentSteps, personSkills } from '../db/schema';
import { stepProgress, summariseProgress, type PersonEvidence, type StepState } from '../domain/pathway-progress';

/**
 * Recompute the step states of every assignment (not cancelled) of these people from their
 * credentials and verified levels. Called inside recomputePeopleSkills, i.e. in the transaction of
 * the import, re-verify or trust change that moved the levels. One query when nobody has an
 * assignment. Each change is audited (`pathway.progress`), and the assignment becomes 'completed'
 * when every step is earned (and 'active' again when one falls back, e.g. a revoked badge).
 */
export async function refreshPathwayProgress(tx: DbOrTx, personIds: string[], options: { now?: Date; actorId?: string | null } = {}): Promise<void> {
  if (personIds.length === 0) return;
  const assignments = await tx
    .select({ id: pathwayAssignments.id, personId: pathwayAssignments.personId, status: pathwayAssignments.status })
    .from(pathwayAssignments)
    .where(and(inArray(pathwayAssignments.personId, personIds), ne(pathwayAssignments.status, 'cancelled')));
  if (assignments.length === 0) return;
  const now = options.now ?? new Date();
  const withAssignments = [...new Set(assignments.map((a) => a.personId))];
  const [steps, levelRows, credentialRows] = await Promise.all([
    tx
      .select()
      .from(pathwayAssignmentSteps)
      .where(
        inArray(
          pathwayAssignmentSteps.assignmentId,
          assignments.map((a) => a.id),
        ),
      ),
    tx
      .select({ personId: personSkills.personId, skill: personSkills.skillId, level: personSkills.level, credentialIds: personSkills.credentialIds, expiresAt: personSkills.expiresAt })
      .from(personSkills)
      .where(and(inArray(personSkills.personId, withAssignments), eq(personSkills.verified, true))),
    tx
      .select({ id: credentials.id, personId: credentials.personId, achievementId: credentials.achievementId, status: credentials.status, validUntil: credentials.validUntil, recipientBinding: credentials.recipientBinding })
      .from(credentials)
      .where(and(inArray(credentials.personId, withAssignments), sql`${credentials.achievementId} is not null`)),
  ]);

  const evidence = new Map<string, PersonEvidence>(withAssignments.map((id) => [id, { levels: new Map(), counting: new Map(), pending: new Map() }]));
  for (const l of levelRows) {
    if (l.expiresAt && l.expiresAt <= now) continue;
    evidence.get(l.personId)!.levels.set(l.skill, { level: l.level, credentialIds: l.credentialIds });
  }
  for (const c of credentialRows) {
    // The same rule as person_skills: an overridden recipient never counts, not even as progress.
    if (c.recipientBinding !== 'matched' || !c.achievementId) continue;
    const e = evidence.get(c.personId)!;
    const isCounting = c.status === 'verified' && (!c.validUntil || c.validUntil > now);
    const isPending = c.status === 'unverified' || c.status === 'not-yet-valid';
    const into = isCounting ? e.counting : isPending ? e.pending : null;
    if (into) into.set(c.achievementId, [...(into.get(c.achievementId) ?? []), c.id]);
  }

  const stepsOf = new Map<string, (typeof steps)[number][]>();
  for (const s of steps) stepsOf.set(s.assignmentId, [...(stepsOf.get(s.assignmentId) ?? []), s]);
  const audits: (typeof auditLog.$inferInsert)[] = [];
  for (const a of assignments) {
    const own = (stepsOf.get(a.id) ?? []).sort((x, y) => x.position - y.position);
    const e = evidence.get(a.personId)!;
    const states: StepState[] = [];
    for (const s of own) {
      const next = stepProgress({ kind: s.kind === 'stack' ? 'stack' : 'badge', achievementId: s.achievementId, partIds: s.parts.map((p) => p.achievementId), targets: s.targets }, e);
      states.push(next.state);
      const sameIds = next.credentialIds.length === s.credentialIds.length && next.credentialIds.every((id, i) => id === s.credentialIds[i]);
      if (next.state === s.state && sameIds) continue;
      await tx
        .update(pathwayAssignmentSteps)
        .set({
          state: next.state,
          credentialIds: next.credentialIds,
          startedAt: next.state === 'not_started' ? null : (s.startedAt ?? now),
          earnedAt: next.state === 'earned' ? (s.earnedAt ?? now) : null,
        })
        .where(and(eq(pathwayAssignmentSteps.assignmentId, a.id), eq(pathwayAssignmentSteps.position, s.position)));
      if (next.state !== s.state) {
        audits.push({ actorId: options.actorId ?? null, action: 'pathway.progress', subjectType: 'person', subjectId: a.personId, detail: { assignmentId: a.id, step: s.position, name: s.name, from: s.state, to: next.state, credentialIds: next.credentialIds } });
      }
    }
    const complete = summariseProgress(states).isComplete;
    const status = complete ? 'completed' : 'active';
    if (status !== a.status) {
      await tx
        .update(pathwayAssignments)
        .set({ status, completedAt: complete ? now : null, updatedAt: now })
        .where(eq(pathwayAssignments.id, a.id));
      audits.push({ actorId: options.actorId ?? null, action: complete ? 'pathway.complete' : 'pathway.reopen', subjectType: 'person', subjectId: a.personId, detail: { assignmentId: a.id } });
    }
  }
  if (audits.length > 0) await tx.insert(auditLog).values(audits);
}
