import 'server-only';
// Assigned pathways (issue 14): a manager or HR assigns the pathway a person needs for a target role
// (the steps of lib/domain/pathways.ts at that moment), with an optional target date; each step's
// state (lib/domain/pathway-progress.ts) is recomputed from the person's credentials in the same
// transaction as every person_skills recompute, so progress is never behind the levels it reflects.
//
// Permissions, as for roles: 'pathways.assign' to assign or cancel, 'pathways.view' to read, and the
// person must be an employee the actor can see (canSeePerson: a manager their own department, HR and
// admins everyone). A person or an assignment outside that scope is the same 404 as one that does not
// exist. Assign, cancel, each state change and each view are written to the audit log.
import { and, asc, count, desc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client';
import { auditLog, departments, pathwayAssignments, pathwayAssignmentSteps, people, users, type PathwayStepTargetJson } from '../db/schema';
import { AppError } from '../domain/app-error';
import { canSeePerson, can, visibilityScope, type Actor } from '../domain/permissions';
import { isOverdue, summariseProgress, type AssignmentProgress, type StepState } from '../domain/pathway-progress';
import { refreshPathwayProgress } from './pathway-progress';
import { getPersonRolePlan } from './pathways';

export const ASSIGNMENTS_PAGE_SIZE = 25;
/** How far ahead a target date may be: a pathway is a plan for months, not decades. */
const MAX_TARGET_YEARS = 5;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export const assignPathwayInputSchema = z.object({
  personId: z.string().trim().min(1, 'Choose a person.').max(200),
  roleId: z.string().trim().min(1, 'Choose a target role.').max(200),
  targetDate: z
    .string()
    .trim()
    .max(10)
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && isoDay(new Date(`${v}T00:00:00Z`)) === v), 'Give the target date as a day, e.g. 2027-06-30.'),
  note: z.string().trim().max(1000, 'At most 1,000 characters.').default(''),
});

export const assignmentListFiltersSchema = z.object({
  status: z.enum(['open', 'active', 'completed', 'cancelled', 'all']).default('open'),
  department: z.string().trim().max(100).optional(),
  page: z.number().int().min(1).max(1000).default(1),
});
export type AssignmentListFilters = z.output<typeof assignmentListFiltersSchema>;

export type AssignmentStep = {
  position: number;
  kind: 'badge' | 'stack';
  achievementId: string;
  name: string;
  issuerName: string | null;
  parts: { achievementId: string; name: string }[];
  targets: PathwayStepTargetJson[];
  state: StepState;
  credentialIds: string[];
  startedAt: string | null;
  earnedAt: string | null;
};

export type AssignmentSummary = {
  id: string;
  person: { id: string; name: string; departmentName: string | null };
  roleId: string | null;
  roleName: string;
  status: 'active' | 'completed' | 'cancelled';
  targetDate: string | null;
  isOverdue: boolean;
  note: string;
  assignedByName: string | null;
  createdAt: string;
  completedAt: string | null;
  progress: AssignmentProgress;
};

export type AssignmentDetail = AssignmentSummary & { steps: AssignmentStep[]; canManage: boolean };

function fieldErrorsOf(err: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of err.issues) (out[issue.path.join('.') || '_'] ??= []).push(issue.message);
  return out;
}

const NOT_FOUND = 'This pathway does not exist or is not in your area.';

/** May the actor assign or cancel pathways for this person? Employees they can see, with the permission. */
export function canAssignPathwayTo(actor: Actor, person: { kind: 'employee' | 'candidate'; departmentId: string | null; openToMobility: boolean; searchable: boolean }): boolean {
  return can(actor, 'pathways.assign') && person.kind === 'employee' && canSeePerson(actor, person);
}

/** The visibility rule of canSeePerson for employees, as SQL over `people` (assignments are for employees only). */
function employeeScopeSql(actor: Actor): SQL {
  const scope = visibilityScope(actor);
  if (scope.all) return sql`${people.kind} = 'employee'`;
  const parts: SQL[] = [];
  if (scope.mobileEmployees) parts.push(sql`${people.openToMobility} = true`);
  if (scope.departmentId) parts.push(sql`${people.departmentId} = ${scope.departmentId}`);
  if (parts.length === 0) return sql`false`;
  return sql`${people.kind} = 'employee' and ${people.searchable} = true and (${sql.join(parts, sql` or `)})`;
}

/**
 * Assign the person's pathway for the role, as planned now. Refused when there is nothing to earn
 * (already meets the role, or no catalog badge closes any gap) and when the same role is already
 * assigned to them and not cancelled (the existing one is named, to open instead).
 */
export async function assignPathway(db: DbOrTx, actor: Actor, rawInput: unknown, options: { now?: Date } = {}): Promise<{ id: string }> {
  if (!can(actor, 'pathways.assign')) throw new AppError('forbidden', 'You cannot assign pathways.');
  const parsed = assignPathwayInputSchema.safeParse(rawInput);
  if (!parsed.success) throw new AppError('invalid_input', 'The pathway cannot be assigned: check the highlighted fields.', fieldErrorsOf(parsed.error));
  const input = parsed.data;
  const now = options.now ?? new Date();
  const today = isoDay(now);
  if (input.targetDate !== null) {
    const latest = isoDay(new Date(Date.UTC(now.getUTCFullYear() + MAX_TARGET_YEARS, now.getUTCMonth(), now.getUTCDate())));
    if (input.targetDate < today) throw new AppError('invalid_input', 'The target date has passed.', { targetDate: ['Choose today or a later day.'] });
    if (input.targetDate > latest) throw new AppError('invalid_input', 'The target date is too far ahead.', { targetDate: [`Choose a day within ${MAX_TARGET_YEARS} years.`] });
  }

  return db.transaction(async (tx) => {
    // The plan checks 'pathways.view', the role and that the person is visible (404 otherwise).
    const plan = await getPersonRolePlan(tx, actor, input.roleId, input.personId, { now, audit: false });
    const [person] = await tx
      .select({ kind: people.kind, departmentId: people.departmentId, openToMobility: people.openToMobility, searchable: people.searchable })
      .from(people)
      .where(eq(people.id, input.personId))
      // Serialises with other assignments and with credential imports for this person (the same lock
      // recomputePeopleSkills takes), so the duplicate check below and the first progress are exact.
      .for('no key update');
    if (!person || !canAssignPathwayTo(actor, person)) {
      throw new AppError(person?.kind === 'candidate' ? 'invalid_input' : 'not_found', person?.kind === 'candidate' ? 'Pathways are for employees; a candidate has no role here yet.' : NOT_FOUND);
    }
    const [existing] = await tx
      .select({ id: pathwayAssignments.id })
      .from(pathwayAssignments)
      .where(and(eq(pathwayAssignments.personId, input.personId), eq(pathwayAssignments.roleId, input.roleId), ne(pathwayAssignments.status, 'cancelled')))
      .limit(1);
    if (existing) throw new AppError('conflict', `${plan.person.name} already has this pathway assigned.`, { existingId: [existing.id] });
    if (plan.pathway.steps.length === 0) {
      const why = plan.pathway.status === 'already-meets' || plan.pathway.status === 'no-requirements' ? 'already meets every requirement of this role' : 'has gaps no catalog badge can close';
      throw new AppError('invalid_input', `Nothing to assign: ${plan.person.name} ${why}.`);
    }

    const [created] = await tx
      .insert(pathwayAssignments)
      .values({ personId: input.personId, roleId: plan.role.id, roleName: plan.role.name, assignedBy: actor.id, targetDate: input.targetDate, note: input.note, createdAt: now, updatedAt: now })
      .returning({ id: pathwayAssignments.id });
    const id = created!.id;
    await tx.insert(pathwayAssignmentSteps).values(
      plan.pathway.steps.map((s) => ({
        assignmentId: id,
        position: s.position,
        kind: s.kind,
        achievementId: s.achievementId,
        name: s.name,
        issuerName: s.issuerName,
        parts: s.parts,
        targets: s.closes.map((c) => ({ skill: c.skill, skillName: c.skillName, level: c.required, baseline: c.from })),
      })),
    );
    await tx.insert(auditLog).values({
      actorId: actor.id,
      action: 'pathway.assign',
      subjectType: 'person',
      subjectId: input.personId,
      detail: { assignmentId: id, roleId: plan.role.id, steps: plan.pathway.steps.length, targetDate: input.targetDate },
    });
    // A stack whose parts are partly held starts as 'started'.
    await refreshPathwayProgress(tx, [input.personId], { now, actorId: actor.id });
    return { id };
  });
}

export async function cancelPathwayAssignment(db: DbOrTx, actor: Actor, assignmentId: unknown, options: { now?: Date } = {}): Promise<void> {
  if (!can(actor, 'pathways.assign')) throw new AppError('forbidden', 'You cannot cancel pathways.');
  const id = z.string().trim().min(1).max(200).safeParse(assignmentId);
  if (!id.success) throw new AppError('not_found', NOT_FOUND);
  const now = options.now ?? new Date();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: pathwayAssignments.status, personId: pathwayAssignments.personId, kind: people.kind, departmentId: people.departmentId, openToMobility: people.openToMobility, searchable: people.searchable })
      .from(pathwayAssignments)
      .innerJoin(people, eq(people.id, pathwayAssignments.personId))
      .where(eq(pathwayAssignments.id, id.data))
      .for('update', { of: pathwayAssignments });
    if (!row || !canAssignPathwayTo(actor, row)) throw new AppError('not_found', NOT_FOUND);
    if (row.status === 'cancelled') return;
    await tx.update(pathwayAssignments).set({ status: 'cancelled', cancelledAt: now, updatedAt: now }).where(eq(pathwayAssignments.id, id.data));
    await tx.insert(auditLog).values({ actorId: actor.id, action: 'pathway.cancel', subjectType: 'person', subjectId: row.personId, detail: { assignmentId: id.data } });
  });
}

// ---------------------------------------------------------------------------------------------
// Reads

const summaryColumns = {
  id: pathwayAssignments.id,
  personId: pathwayAssignments.personId,
  personName: people.name,
  departmentName: departments.name,
  roleId: pathwayAssignments.roleId,
  roleName: pathwayAssignments.roleName,
  status: pathwayAssignments.status,
  targetDate: pathwayAssignments.targetDate,
  note: pathwayAssignments.note,
  assignedByName: users.name,
  createdAt: pathwayAssignments.createdAt,
  completedAt: pathwayAssignments.completedAt,
};

async function stepStatesOf(db: DbOrTx, ids: string[]): Promise<Map<string, StepState[]>> {
  const out = new Map<string, StepState[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return out;
  const rows = await db
    .select({ assignmentId: pathwayAssignmentSteps.assignmentId, state: pathwayAssignmentSteps.state })
    .from(pathwayAssignmentSteps)
    .where(inArray(pathwayAssignmentSteps.assignmentId, ids));
  for (const r of rows) out.get(r.assignmentId)?.push(r.state);
  return out;
}

type SummaryRow = Awaited<ReturnType<typeof baseQuery>>[number];

function toSummary(r: SummaryRow, states: StepState[], today: string): AssignmentSummary {
  const progress = summariseProgress(states);
  return {
    id: r.id,
    person: { id: r.personId, name: r.personName, departmentName: r.departmentName },
    roleId: r.roleId,
    roleName: r.roleName,
    status: r.status,
    targetDate: r.targetDate,
    isOverdue: r.status === 'active' && isOverdue(r.targetDate, progress.isComplete, today),
    note: r.note,
    assignedByName: r.assignedByName,
    createdAt: r.createdAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
    progress,
  };
}

function baseQuery(db: DbOrTx) {
  return db
    .select(summaryColumns)
    .from(pathwayAssignments)
    .innerJoin(people, eq(people.id, pathwayAssignments.personId))
    .leftJoin(departments, eq(departments.id, people.departmentId))
    .leftJoin(users, eq(users.id, pathwayAssignments.assignedBy));
}

function assertView(actor: Actor) {
  if (!can(actor, 'pathways.view')) throw new AppError('forbidden', 'You do not have access to career pathways.');
}

export type AssignmentList = {
  items: AssignmentSummary[];
  total: number;
  page: number;
  pageSize: number;
  filters: AssignmentListFilters;
  /** Counts per status in the actor's scope (for the tabs and the empty state). */
  counts: { active: number; completed: number; cancelled: number };
  departments: { id: string; name: string }[];
};

/** Assignments of the people the actor can see: open ones (active) first by target date, overdue first. */
export async function listPathwayAssignments(db: DbOrTx, actor: Actor, rawFilters: unknown = {}, options: { now?: Date } = {}): Promise<AssignmentList> {
  assertView(actor);
  const parsed = assignmentListFiltersSchema.safeParse(rawFilters);
  if (!parsed.success) throw new AppError('invalid_input', 'The filters are not valid.', fieldErrorsOf(parsed.error));
  const filters = parsed.data;
  const today = isoDay(options.now ?? new Date());
  const scope = [employeeScopeSql(actor)];
  if (filters.department) scope.push(eq(people.departmentId, filters.department));
  const statusCond =
    filters.status === 'open' || filters.status === 'active'
      ? eq(pathwayAssignments.status, 'active')
      : filters.status === 'all'
        ? undefined
        : eq(pathwayAssignments.status, filters.status);
  const where = and(...scope, ...(statusCond ? [statusCond] : []));
  const [rows, totals, statusCounts, departmentRows] = await Promise.all([
    baseQuery(db)
      .where(where)
      // Open work first: the nearest target date (no date last), then the newest.
      .orderBy(sql`case when ${pathwayAssignments.status} = 'active' then 0 when ${pathwayAssignments.status} = 'completed' then 1 else 2 end`, sql`${pathwayAssignments.targetDate} asc nulls last`, desc(pathwayAssignments.createdAt), asc(pathwayAssignments.id))
      .limit(ASSIGNMENTS_PAGE_SIZE)
      .offset((filters.page - 1) * ASSIGNMENTS_PAGE_SIZE),
    db.select({ n: count() }).from(pathwayAssignments).innerJoin(people, eq(people.id, pathwayAssignments.personId)).where(where),
    db
      .select({ status: pathwayAssignments.status, n: count() })
      .from(pathwayAssignments)
      .innerJoin(people, eq(people.id, pathwayAssignments.personId))
      .where(and(...scope))
      .groupBy(pathwayAssignments.status),
    db.selectDistinct({ id: departments.id, name: departments.name }).from(departments).innerJoin(people, eq(people.departmentId, departments.id)).where(employeeScopeSql(actor)).orderBy(asc(departments.name)),
  ]);
  const states = await stepStatesOf(
    db,
    rows.map((r) => r.id),
  );
  const countOf = (s: string) => Number(statusCounts.find((c) => c.status === s)?.n ?? 0);
  return {
    items: rows.map((r) => toSummary(r, states.get(r.id) ?? [], today)),
    total: Number(totals[0]?.n ?? 0),
    page: filters.page,
    pageSize: ASSIGNMENTS_PAGE_SIZE,
    filters,
    counts: { active: countOf('active'), completed: countOf('completed'), cancelled: countOf('cancelled') },
    departments: departmentRows,
  };
}

/** One assignment with its steps; 404 outside the actor's scope. Audited as pathway.view. */
export async function getPathwayAssignment(db: DbOrTx, actor: Actor, assignmentId: string, options: { now?: Date } = {}): Promise<AssignmentDetail> {
  assertView(actor);
  const [row] = await baseQuery(db)
    .where(and(eq(pathwayAssignments.id, assignmentId), employeeScopeSql(actor)))
    .limit(1);
  if (!row) throw new AppError('not_found', NOT_FOUND);
  const steps = await db.select().from(pathwayAssignmentSteps).where(eq(pathwayAssignmentSteps.assignmentId, assignmentId)).orderBy(asc(pathwayAssignmentSteps.position));
  await db.insert(auditLog).values({ actorId: actor.id, action: 'pathway.view', subjectType: 'person', subjectId: row.personId, detail: { assignmentId } });
  const today = isoDay(options.now ?? new Date());
  return {
    ...toSummary(
      row,
      steps.map((s) => s.state),
      today,
    ),
    canManage: can(actor, 'pathways.assign'),
    steps: steps.map((s) => ({
      position: s.position,
      kind: s.kind === 'stack' ? 'stack' : 'badge',
      achievementId: s.achievementId,
      name: s.name,
      issuerName: s.issuerName,
      parts: s.parts,
      targets: s.targets,
      state: s.state,
      credentialIds: s.credentialIds,
      startedAt: s.startedAt?.toISOString() ?? null,
      earnedAt: s.earnedAt?.toISOString() ?? null,
    })),
  };
}

/**
 * A person's assignments for their profile: empty for an actor without 'pathways.view' (a recruiter
 * sees the profile, not the person's development plan). The caller has already checked the person is visible.
 */
export async function listPersonPathwayAssignments(db: DbOrTx, actor: Actor, personId: string, options: { now?: Date } = {}): Promise<AssignmentSummary[]> {
  if (!can(actor, 'pathways.view')) return [];
  const rows = await baseQuery(db)
    .where(and(eq(pathwayAssignments.personId, personId), employeeScopeSql(actor)))
    .orderBy(sql`case when ${pathwayAssignments.status} = 'active' then 0 when ${pathwayAssignments.status} = 'completed' then 1 else 2 end`, desc(pathwayAssignments.createdAt))
    .limit(50);
  const states = await stepStatesOf(
    db,
    rows.map((r) => r.id),
  );
  const today = isoDay(options.now ?? new Date());
  return rows.map((r) => toSummary(r, states.get(r.id) ?? [], today));
}

/** The open (not cancelled) assignment of this person for this role, if any: the plan page links to it instead of offering to assign again. */
export async function findOpenAssignment(db: DbOrTx, actor: Actor, personId: string, roleId: string): Promise<AssignmentSummary | null> {
  const all = await listPersonPathwayAssignments(db, actor, personId);
  return all.find((a) => a.roleId === roleId && a.status !== 'cancelled') ?? null;
}
