import 'server-only';
// Role profiles: list (families and ladders), read, create / edit / delete, import from the UK DDaT
// role levels shipped in data/, and ranking internal employees for a role through the search engine.
// Permissions: 'roles.view' to read, 'roles.manage' to edit; a manager edits only the roles of their
// own department, HR and admins every role (rule in canManageRoleIn below).
import { and, asc, count, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client';
import { auditLog, departments, people, personSkills, roleProfiles, roleRequirements, skills } from '../db/schema';
import { AppError } from '../domain/app-error';
import { toCsv } from '../domain/compare';
import { groupLadders, nextRoleUp, promotionFeeders, type FamilyGroup } from '../domain/ladder';
import { levelName } from '../domain/levels';
import { can, visibilityScope, type Actor } from '../domain/permissions';
import { MAX_REQUIREMENTS, type SearchHit } from '../domain/search-query';
import { buildDdatRoleProfiles } from '../seed/import-taxonomy';
import type { SearchEngine } from '../search/engine';
import { getVisiblePeople } from './people';
import { searchPeople } from './search-people';

// ---------------------------------------------------------------------------------------------
// Permissions

/**
 * HR and admins (who see every department) manage every role; a manager manages the roles of their
 * own department only, and never roles without a department (those belong to the whole organisation).
 */
export function canManageRoleIn(actor: Actor, departmentId: string | null): boolean {
  if (!can(actor, 'roles.manage')) return false;
  if (can(actor, 'people.viewAll')) return true;
  return actor.departmentId !== null && departmentId === actor.departmentId;
}

function assertView(actor: Actor) {
  if (!can(actor, 'roles.view')) throw new AppError('forbidden', 'You do not have access to role profiles.');
}

// ---------------------------------------------------------------------------------------------
// Input

const text = (max: number, message?: string) => z.string().trim().max(max, message ?? `At most ${max} characters.`);

export const roleRequirementInputSchema = z.object({
  skillId: z.string().trim().min(1, 'Choose a skill.').max(200),
  minLevel: z.number().int('Choose a level.').min(1, 'Levels run from Awareness (1) to Expert (5).').max(5, 'Levels run from Awareness (1) to Expert (5).'),
  weight: z.number().min(0.1, 'Weight must be at least 0.1.').max(10, 'Weight must be at most 10.').default(1),
  essential: z.boolean().default(false),
});

export const roleInputSchema = z.object({
  name: text(150).min(1, 'Give the role a name.'),
  family: text(100).default(''),
  track: text(150).default(''),
  levelName: text(150).default(''),
  ladderRank: z.number().int('Rank is a whole number.').min(0, 'Rank is 0 or more.').max(100, 'Rank is at most 100.').default(0),
  description: text(5000).default(''),
  departmentId: z.string().trim().max(100).nullable().default(null),
  openSeats: z.number().int('Open seats is a whole number.').min(0, 'Open seats cannot be negative.').max(100_000, 'At most 100,000 open seats.').default(0),
  plannedHeadcount: z.number().int('Planned headcount is a whole number.').min(0, 'Planned headcount cannot be negative.').max(1_000_000, 'At most 1,000,000.').default(0),
  requirements: z
    .array(roleRequirementInputSchema)
    .max(MAX_REQUIREMENTS, `A role can have at most ${MAX_REQUIREMENTS} skill requirements; split it into several roles or keep the ones that matter.`)
    .default([])
    .refine((rs) => new Set(rs.map((r) => r.skillId)).size === rs.length, 'Each skill may appear only once.'),
});
export type RoleInput = z.output<typeof roleInputSchema>;

function fieldErrorsOf(err: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of err.issues) (out[issue.path.join('.') || '_'] ??= []).push(issue.message);
  return out;
}

function parseRoleInput(input: unknown): RoleInput {
  const parsed = roleInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError('invalid_input', 'The role is not valid: check the highlighted fields.', fieldErrorsOf(parsed.error));
  const data = parsed.data;
  return { ...data, departmentId: data.departmentId || null };
}

// ---------------------------------------------------------------------------------------------
// Reading

export type RoleListItem = {
  id: string;
  name: string;
  family: string;
  track: string;
  levelName: string;
  ladderRank: number;
  departmentId: string | null;
  departmentName: string | null;
  openSeats: number;
  plannedHeadcount: number;
  /** People whose current role profile is this one (organisation-wide count, no names). */
  holders: number;
  requirementCount: number;
  source: string;
  canManage: boolean;
};

export const roleListFiltersSchema = z.object({
  q: z.string().trim().max(200).default(''),
  family: z.string().trim().max(100).default(''),
  department: z.string().trim().max(100).default(''),
  /** Only roles with open seats. */
  open: z.boolean().default(false),
});
export type RoleListFilters = z.output<typeof roleListFiltersSchema>;

export type RoleList = {
  groups: FamilyGroup<RoleListItem>[];
  total: number;
  /** Every family and department, for the filter selects (not only those in the result). */
  families: string[];
  departments: { id: string; name: string }[];
  canCreate: boolean;
  filters: RoleListFilters;
};

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A role's columns as lists and pages show them (with its department's name, from a left join on departments). */
const roleSummaryColumns = {
  id: roleProfiles.id,
  name: roleProfiles.name,
  family: roleProfiles.family,
  track: roleProfiles.track,
  levelName: roleProfiles.levelName,
  ladderRank: roleProfiles.ladderRank,
  departmentId: roleProfiles.departmentId,
  departmentName: departments.name,
  openSeats: roleProfiles.openSeats,
  plannedHeadcount: roleProfiles.plannedHeadcount,
  source: roleProfiles.source,
};

export async function listRoles(db: DbOrTx, actor: Actor, rawFilters: unknown = {}): Promise<RoleList> {
  assertView(actor);
  const parsed = roleListFiltersSchema.safeParse(rawFilters);
  const filters = parsed.success ? parsed.data : roleListFiltersSchema.parse({});
  const conditions = [];
  if (filters.q) {
    const like = `%${escapeLike(filters.q.toLowerCase())}%`;
    conditions.push(sql`(lower(${roleProfiles.name}) like ${like} or lower(${roleProfiles.track}) like ${like} or lower(${roleProfiles.family}) like ${like})`);
  }
  if (filters.family) conditions.push(eq(roleProfiles.family, filters.family));
  if (filters.department) conditions.push(eq(roleProfiles.departmentId, filters.department));
  if (filters.open) conditions.push(sql`${roleProfiles.openSeats} > 0`);

  const [rows, reqCounts, holderCounts, familyRows, departmentRows] = await Promise.all([
    db
      .select(roleSummaryColumns)
      .from(roleProfiles)
      .leftJoin(departments, eq(departments.id, roleProfiles.departmentId))
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(asc(roleProfiles.family), asc(roleProfiles.track), asc(roleProfiles.ladderRank), asc(roleProfiles.name)),
    db.select({ roleId: roleRequirements.roleId, n: count() }).from(roleRequirements).groupBy(roleRequirements.roleId),
    db
      .select({ roleId: people.currentRoleProfileId, n: count() })
      .from(people)
      .where(isNotNull(people.currentRoleProfileId))
      .groupBy(people.currentRoleProfileId),
    db.selectDistinct({ family: roleProfiles.family }).from(roleProfiles).orderBy(asc(roleProfiles.family)),
    db.select({ id: departments.id, name: departments.name }).from(departments).orderBy(asc(departments.name)),
  ]);
  const reqMap = new Map(reqCounts.map((r) => [r.roleId, Number(r.n)]));
  const holderMap = new Map(holderCounts.map((r) => [r.roleId, Number(r.n)]));
  const items: RoleListItem[] = rows.map((r) => ({
    ...r,
    holders: holderMap.get(r.id) ?? 0,
    requirementCount: reqMap.get(r.id) ?? 0,
    canManage: canManageRoleIn(actor, r.departmentId),
  }));
  return {
    groups: groupLadders(items),
    total: items.length,
    families: familyRows.map((f) => f.family).filter(Boolean),
    departments: departmentRows,
    canCreate: can(actor, 'roles.manage') && (can(actor, 'people.viewAll') || actor.departmentId !== null),
    filters,
  };
}

export type RoleRequirementView = {
  skillId: string;
  skillName: string;
  framework: string;
  minLevel: number;
  minLevelName: string;
  weight: number;
  essential: boolean;
};

export type RoleSummary = { id: string; name: string; family: string; track: string; levelName: string; ladderRank: number };

export type RoleDetail = RoleSummary & {
  description: string;
  departmentId: string | null;
  departmentName: string | null;
  openSeats: number;
  plannedHeadcount: number;
  holders: number;
  source: string;
  requirements: RoleRequirementView[];
  /** The whole ladder (same family and track), in rank order, this role included. */
  ladder: RoleSummary[];
  nextRole: RoleSummary | null;
  canManage: boolean;
};

export async function getRole(db: DbOrTx, actor: Actor, roleId: string): Promise<RoleDetail> {
  assertView(actor);
  const [row] = await db
    .select({ ...roleSummaryColumns, description: roleProfiles.description })
    .from(roleProfiles)
    .leftJoin(departments, eq(departments.id, roleProfiles.departmentId))
    .where(eq(roleProfiles.id, roleId))
    .limit(1);
  if (!row) throw new AppError('not_found', 'This role profile does not exist (it may have been deleted).');
  const [requirements, ladder, [holders]] = await Promise.all([
    getRequirements(db, roleId),
    row.track
      ? db
          .select({ id: roleProfiles.id, name: roleProfiles.name, family: roleProfiles.family, track: roleProfiles.track, levelName: roleProfiles.levelName, ladderRank: roleProfiles.ladderRank })
          .from(roleProfiles)
          .where(and(eq(roleProfiles.family, row.family), eq(roleProfiles.track, row.track)))
          .orderBy(asc(roleProfiles.ladderRank), asc(roleProfiles.name))
      : Promise.resolve([] as RoleSummary[]),
    db.select({ n: count() }).from(people).where(eq(people.currentRoleProfileId, roleId)),
  ]);
  return {
    ...row,
    holders: Number(holders?.n ?? 0),
    requirements,
    ladder: ladder.length ? ladder : [pickSummary(row)],
    nextRole: nextRoleUp(row, ladder),
    canManage: canManageRoleIn(actor, row.departmentId),
  };
}

function pickSummary(r: RoleSummary): RoleSummary {
  return { id: r.id, name: r.name, family: r.family, track: r.track, levelName: r.levelName, ladderRank: r.ladderRank };
}

export async function getRequirements(db: DbOrTx, roleId: string): Promise<RoleRequirementView[]> {
  const rows = await db
    .select({
      skillId: roleRequirements.skillId,
      skillName: skills.name,
      framework: skills.framework,
      minLevel: roleRequirements.minLevel,
      weight: roleRequirements.weight,
      essential: roleRequirements.essential,
    })
    .from(roleRequirements)
    .innerJoin(skills, eq(skills.id, roleRequirements.skillId))
    .where(eq(roleRequirements.roleId, roleId));
  // Essentials first, then the highest asks, then by name: how a hiring manager reads a profile.
  return rows
    .map((r) => ({ ...r, minLevelName: levelName(r.minLevel) }))
    .sort((a, b) => Number(b.essential) - Number(a.essential) || b.minLevel - a.minLevel || a.skillName.localeCompare(b.skillName));
}

export async function listDepartments(db: DbOrTx): Promise<{ id: string; name: string }[]> {
  return db.select({ id: departments.id, name: departments.name }).from(departments).orderBy(asc(departments.name));
}

// ---------------------------------------------------------------------------------------------
// Writing: each mutation is one transaction; nothing half-written on a bad requirement.

async function assertReferences(db: DbOrTx, input: RoleInput): Promise<void> {
  const errors: Record<string, string[]> = {};
  if (input.departmentId) {
    const [dep] = await db.select({ id: departments.id }).from(departments).where(eq(departments.id, input.departmentId)).limit(1);
    if (!dep) errors.departmentId = [`There is no department "${input.departmentId}".`];
  }
  const ids = input.requirements.map((r) => r.skillId);
  if (ids.length) {
    const known = new Set((await db.select({ id: skills.id }).from(skills).where(inArray(skills.id, ids))).map((s) => s.id));
    input.requirements.forEach((r, i) => {
      if (!known.has(r.skillId)) errors[`requirements.${i}.skillId`] = [`"${r.skillId}" is not a skill in the taxonomy; pick one from the suggestions.`];
    });
  }
  if (Object.keys(errors).length) throw new AppError('invalid_input', 'The role is not valid: check the highlighted fields.', errors);
}

/**
 * One role per rung: on a ladder (a family and a non-empty track) no two roles share a rank, so
 * "next role up" and promotion candidates are never ambiguous. Rank 0 means "no rung" and is not
 * checked. Done in the writing transaction; there is no database constraint because installs seeded
 * before this rule may hold clashes, which the next seed or re-sync repairs.
 */
async function assertRungFree(db: DbOrTx, input: Pick<RoleInput, 'family' | 'track' | 'ladderRank'>, exceptId: string | null): Promise<void> {
  if (!input.track.trim() || input.ladderRank <= 0) return;
  const [taken] = await db
    .select({ id: roleProfiles.id, name: roleProfiles.name })
    .from(roleProfiles)
    .where(and(eq(roleProfiles.family, input.family), eq(roleProfiles.track, input.track), eq(roleProfiles.ladderRank, input.ladderRank), exceptId ? ne(roleProfiles.id, exceptId) : undefined))
    .limit(1);
  if (taken) {
    const message = `Rank ${input.ladderRank} on the ${input.track} ladder is already “${taken.name}”. Choose another rank, or another track.`;
    throw new AppError('invalid_input', message, { ladderRank: [message] });
  }
}

function assertManageIn(actor: Actor, departmentId: string | null, verb: string): void {
  if (!can(actor, 'roles.manage')) throw new AppError('forbidden', 'You do not have permission to manage role profiles.');
  if (!canManageRoleIn(actor, departmentId)) {
    throw new AppError('forbidden', `Managers can ${verb} roles of their own department only.`, {
      departmentId: ['Choose your own department.'],
    });
  }
}

/** The role_profiles columns a create or an edit writes from validated input. */
function roleColumns(input: RoleInput) {
  const { name, family, track, levelName, ladderRank, description, departmentId, openSeats, plannedHeadcount } = input;
  return { name, family, track, levelName, ladderRank, description, departmentId, openSeats, plannedHeadcount };
}

export async function createRole(db: DbOrTx, actor: Actor, rawInput: unknown): Promise<{ id: string }> {
  const input = parseRoleInput(rawInput);
  // A manager's new role belongs to their department unless they say otherwise (which is refused).
  if (!input.departmentId && !can(actor, 'people.viewAll')) input.departmentId = actor.departmentId;
  assertManageIn(actor, input.departmentId, 'create');
  return db.transaction(async (tx) => {
    await assertReferences(tx, input);
    await assertRungFree(tx, input, null);
    const [created] = await tx
      .insert(roleProfiles)
      .values({ ...roleColumns(input), source: 'custom' })
      .returning({ id: roleProfiles.id });
    const id = created!.id;
    if (input.requirements.length) {
      await tx.insert(roleRequirements).values(input.requirements.map((r) => ({ roleId: id, ...r })));
    }
    await tx.insert(auditLog).values({ actorId: actor.id, action: 'role.create', subjectType: 'role', subjectId: id, detail: { name: input.name, requirements: input.requirements.length } });
    return { id };
  });
}

async function loadDepartmentOf(db: DbOrTx, roleId: string): Promise<{ departmentId: string | null; source: string }> {
  const [row] = await db.select({ departmentId: roleProfiles.departmentId, source: roleProfiles.source }).from(roleProfiles).where(eq(roleProfiles.id, roleId)).limit(1);
  if (!row) throw new AppError('not_found', 'This role profile does not exist (it may have been deleted).');
  return row;
}

export async function updateRole(db: DbOrTx, actor: Actor, roleId: string, rawInput: unknown): Promise<void> {
  const input = parseRoleInput(rawInput);
  await db.transaction(async (tx) => {
    const existing = await loadDepartmentOf(tx, roleId);
    assertManageIn(actor, existing.departmentId, 'edit');
    // ... and may not move it to a department they do not manage.
    assertManageIn(actor, input.departmentId, 'move');
    await assertReferences(tx, input);
    await assertRungFree(tx, input, roleId);
    await tx
      .update(roleProfiles)
      .set(roleColumns(input))
      .where(eq(roleProfiles.id, roleId));
    await tx.delete(roleRequirements).where(eq(roleRequirements.roleId, roleId));
    if (input.requirements.length) {
      await tx.insert(roleRequirements).values(input.requirements.map((r) => ({ roleId, ...r })));
    }
    await tx.insert(auditLog).values({ actorId: actor.id, action: 'role.update', subjectType: 'role', subjectId: roleId, detail: { name: input.name, requirements: input.requirements.length } });
  });
}

export async function deleteRole(db: DbOrTx, actor: Actor, roleId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const existing = await loadDepartmentOf(tx, roleId);
    assertManageIn(actor, existing.departmentId, 'delete');
    // People who held it keep their title; only the link to the deleted profile goes.
    await tx.update(people).set({ currentRoleProfileId: null }).where(eq(people.currentRoleProfileId, roleId));
    await tx.delete(roleProfiles).where(eq(roleProfiles.id, roleId));
    await tx.insert(auditLog).values({ actorId: actor.id, action: 'role.delete', subjectType: 'role', subjectId: roleId, detail: {} });
  });
}

// ---------------------------------------------------------------------------------------------
// Import from the UK DDaT role levels (data/uk-ddat/roles.json)

export type DdatRoleLevelOption = {
  /** The DDaT role level's profile id (`ddat-<slug>`): what the seed uses and re-sync restores. */
  profileId: string;
  name: string;
  family: string;
  track: string;
  ladderRank: number;
  departmentId: string | null;
  requirementCount: number;
  /** The seeded profile for this level still exists (so it can be re-synced). */
  exists: boolean;
  canResync: boolean;
};

export async function listDdatRoleLevels(db: DbOrTx, actor: Actor, q = ''): Promise<DdatRoleLevelOption[]> {
  assertView(actor);
  const needle = q.trim().toLowerCase().slice(0, 200);
  const profiles = buildDdatRoleProfiles().filter(
    (p) => !needle || `${p.row.name} ${p.row.track} ${p.row.family}`.toLowerCase().includes(needle),
  );
  const ids = profiles.map((p) => p.row.id);
  const existing = ids.length
    ? new Map((await db.select({ id: roleProfiles.id, departmentId: roleProfiles.departmentId }).from(roleProfiles).where(inArray(roleProfiles.id, ids))).map((r) => [r.id, r.departmentId]))
    : new Map<string, string | null>();
  return profiles.map((p) => ({
    profileId: p.row.id,
    name: p.row.name,
    family: p.row.family ?? '',
    track: p.row.track ?? '',
    ladderRank: p.row.ladderRank ?? 0,
    departmentId: p.row.departmentId ?? null,
    requirementCount: p.requirements.length,
    exists: existing.has(p.row.id),
    canResync: existing.has(p.row.id) ? canManageRoleIn(actor, existing.get(p.row.id) ?? null) : canManageRoleIn(actor, p.row.departmentId ?? null),
  }));
}

export const importDdatRoleSchema = z.object({
  profileId: z.string().trim().min(1, 'Choose a DDaT role level.').max(200),
  mode: z.enum(['copy', 'resync'], { message: 'Choose to add a copy or to re-sync.' }),
  /** For a copy: the department it belongs to (a manager's own by default). */
  departmentId: z.string().trim().max(100).nullable().optional(),
  /** For a copy: its name (default: the level's name; the copy sits on its department's own track). */
  name: z.string().trim().max(150).optional(),
});

/**
 * `copy` adds a new, editable custom role with the level's requirements (same family and track, so
 * it sits on the ladder); `resync` restores the seeded DDaT profile's requirements and ladder fields
 * to the framework's, creating it again if it was deleted. Open seats and headcount are kept.
 */
export async function importDdatRole(db: DbOrTx, actor: Actor, rawInput: unknown): Promise<{ id: string; mode: 'copy' | 'resync'; existing: boolean }> {
  const parsed = importDdatRoleSchema.safeParse(rawInput);
  if (!parsed.success) throw new AppError('invalid_input', 'Choose a DDaT role level to import.', fieldErrorsOf(parsed.error));
  const { profileId, mode } = parsed.data;
  const source = buildDdatRoleProfiles().find((p) => p.row.id === profileId);
  if (!source) throw new AppError('not_found', `"${profileId}" is not a UK DDaT role level.`, { profileId: ['Not a UK DDaT role level.'] });
  const requirements = source.requirements.map((r) => ({ skillId: r.skillId, minLevel: r.minLevel, weight: r.weight ?? 1, essential: r.essential ?? false }));

  if (mode === 'copy') {
    const departmentId = parsed.data.departmentId || (can(actor, 'people.viewAll') ? (source.row.departmentId ?? null) : actor.departmentId);
    // A copy is the department's own version of the level, on the department's own ladder of copies
    // ("Data scientist · Data"): it never shares a rung with the framework's profile, and importing
    // the same level again opens the existing copy instead of adding another.
    const [dept] = departmentId ? await db.select({ name: departments.name }).from(departments).where(eq(departments.id, departmentId)).limit(1) : [];
    const track = `${source.row.track ?? source.row.name} · ${dept?.name ?? 'all departments'}`;
    const ladderRank = source.row.ladderRank ?? 0;
    const [already] = await db
      .select({ id: roleProfiles.id, departmentId: roleProfiles.departmentId })
      .from(roleProfiles)
      .where(
        and(
          eq(roleProfiles.source, 'custom'),
          eq(roleProfiles.family, source.row.family ?? ''),
          eq(roleProfiles.track, track),
          eq(roleProfiles.ladderRank, ladderRank),
          eq(roleProfiles.levelName, source.row.levelName ?? ''),
        ),
      )
      .limit(1);
    if (already) {
      assertManageIn(actor, already.departmentId, 'import');
      return { id: already.id, mode, existing: true };
    }
    const created = await createRole(db, actor, {
      name: parsed.data.name || source.row.name,
      family: source.row.family ?? '',
      track,
      levelName: source.row.levelName ?? '',
      ladderRank,
      description: source.row.description ?? '',
      departmentId,
      openSeats: 0,
      plannedHeadcount: 0,
      requirements,
    });
    return { id: created.id, mode, existing: false };
  }

  await db.transaction(async (tx) => {
    const [existing] = await tx.select({ departmentId: roleProfiles.departmentId }).from(roleProfiles).where(eq(roleProfiles.id, profileId)).limit(1);
    assertManageIn(actor, existing ? existing.departmentId : (source.row.departmentId ?? null), 're-sync');
    const missing = await tx.select({ id: skills.id }).from(skills).where(inArray(skills.id, requirements.map((r) => r.skillId)));
    if (missing.length !== requirements.length) {
      throw new AppError('conflict', 'Some DDaT skills of this role level are not in the skill taxonomy yet; run the seed (npm start) first.');
    }
    if (existing) {
      await tx
        .update(roleProfiles)
        .set({
          name: source.row.name,
          family: source.row.family ?? '',
          track: source.row.track ?? '',
          levelName: source.row.levelName ?? '',
          ladderRank: source.row.ladderRank ?? 0,
          description: source.row.description ?? '',
          source: 'ddat',
        })
        .where(eq(roleProfiles.id, profileId));
    } else {
      await tx.insert(roleProfiles).values(source.row);
    }
    await tx.delete(roleRequirements).where(eq(roleRequirements.roleId, profileId));
    if (requirements.length) await tx.insert(roleRequirements).values(requirements.map((r) => ({ roleId: profileId, ...r })));
    await tx.insert(auditLog).values({ actorId: actor.id, action: 'role.resync', subjectType: 'role', subjectId: profileId, detail: { requirements: requirements.length } });
  });
  return { id: profileId, mode, existing: true };
}

// ---------------------------------------------------------------------------------------------
// Ranking internal employees for a role (through the search engine)

export const RANKING_PAGE_SIZE = 25;

export const rankingFiltersSchema = z.object({
  department: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
  currentRole: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  openToMobility: z.boolean().optional(),
  /** Minimum match, in percent. */
  minMatch: z.number().int().min(0).max(100).optional(),
  /**
   * 'flag' (default): rank everyone by closeness, essential requirements counted like any other
   * and flagged when missed; 'require': the search's own rule, people missing an essential are dropped.
   */
  essentials: z.enum(['flag', 'require']).default('flag'),
  /**
   * 'all' (default): every visible employee; 'promotion': only people whose current role is the rung
   * directly below this one on its ladder or the same rung on the family's other tracks
   * (promotionFeeders), so people already at or above the role are left out.
   */
  view: z.enum(['all', 'promotion']).default('all'),
  page: z.number().int().min(1).max(400).default(1),
});
export type RankingFilters = z.output<typeof rankingFiltersSchema>;

export type RankedRequirement = {
  skillId: string;
  skillName: string;
  required: number;
  achieved: number;
  met: boolean;
  essential: boolean;
  /** The achieved level is not proven by an issuer on the trusted list (marked in the ranking). */
  untrusted: boolean;
};

export type RankedEmployee = {
  personId: string;
  name: string;
  headline: string;
  departmentId: string | null;
  /** 0..100, rounded to a whole percent for display; `score` keeps the engine's value. */
  matchPercent: number;
  score: number;
  breakdown: RankedRequirement[];
  metCount: number;
  missedEssentials: string[];
  lastVerifiedAt: string | null;
};

export type RequirementCoverage = {
  skillId: string;
  skillName: string;
  minLevel: number;
  essential: boolean;
  /** Visible employees holding the skill at any verified level, and at the required level. */
  holders: number;
  holdersAtLevel: number;
};

export type RoleRanking = {
  /** 'no-feeders': the promotion view of a role with no rung below it. */
  status: 'ranked' | 'no-requirements' | 'no-feeders';
  /** The roles whose holders are promotion candidates (promotion view only). */
  feeders: { id: string; name: string; track: string; adjacent: boolean }[];
  total: number;
  page: number;
  pageSize: number;
  hits: RankedEmployee[];
  coverage: RequirementCoverage[];
  /** Requirements no visible employee holds at any level (said plainly on the page). */
  nobodyHas: RequirementCoverage[];
  filters: RankingFilters;
  /** For the filter selects. */
  departments: { id: string; name: string; count: number }[];
  currentRoles: string[];
};

export async function rankEmployeesForRole(
  db: DbOrTx,
  actor: Actor,
  roleId: string,
  rawFilters: unknown,
  options: { engine?: SearchEngine } = {},
): Promise<RoleRanking> {
  assertView(actor);
  const parsedFilters = rankingFiltersSchema.safeParse(rawFilters);
  if (!parsedFilters.success) throw new AppError('invalid_input', 'The ranking filters are not valid.', fieldErrorsOf(parsedFilters.error));
  const filters = parsedFilters.data;
  const role = await getRole(db, actor, roleId);
  const [coverage, currentRoles, departmentList] = await Promise.all([
    requirementCoverage(db, actor, role.requirements),
    visibleCurrentRoles(db, actor),
    listDepartments(db),
  ]);
  const feeders = filters.view === 'promotion' ? await feederRoles(db, role) : [];
  const base = { page: filters.page, pageSize: RANKING_PAGE_SIZE, coverage, nobodyHas: coverage.filter((c) => c.holders === 0), filters, currentRoles, feeders };
  if (role.requirements.length === 0) {
    return { status: 'no-requirements', total: 0, hits: [], departments: departmentList.map((d) => ({ ...d, count: 0 })), ...base };
  }
  if (filters.view === 'promotion' && feeders.length === 0) {
    return { status: 'no-feeders', total: 0, hits: [], departments: departmentList.map((d) => ({ ...d, count: 0 })), ...base };
  }
  // Promotion candidates are matched on the role profile they hold (people.current_role_profile_id),
  // a real link to the ladder: a title is free text (renamed, custom or copied roles would miss, and a
  // shared title on two rungs would let people at the role itself in). A current-role filter the user
  // chose narrows within the feeders, by their names.
  const feederIds =
    filters.view === 'promotion' ? feeders.filter((f) => filters.currentRole.length === 0 || filters.currentRole.includes(f.name)).map((f) => f.id) : [];
  if (filters.view === 'promotion' && feederIds.length === 0) {
    return { status: 'ranked', total: 0, hits: [], departments: departmentList.map((d) => ({ ...d, count: 0 })), ...base };
  }
  const result = await searchPeople(
    actor,
    {
      requirements: role.requirements.map((r) => ({
        skill: r.skillId,
        minLevel: r.minLevel,
        weight: r.weight,
        essential: filters.essentials === 'require' ? r.essential : false,
      })),
      filters: {
        kind: ['employee'],
        department: filters.department,
        location: [],
        issuer: [],
        currentRole: filters.view === 'promotion' ? [] : filters.currentRole,
        currentRoleProfile: feederIds,
        ...(filters.openToMobility !== undefined ? { openToMobility: filters.openToMobility } : {}),
        verifiedOnly: true,
        ...(filters.minMatch !== undefined && filters.minMatch > 0 ? { minScore: filters.minMatch / 100 } : {}),
      },
      sort: 'match',
      page: filters.page,
      pageSize: RANKING_PAGE_SIZE,
      facets: ['department'],
    },
    { db, ...(options.engine ? { engine: options.engine } : {}) },
  );
  const byId = new Map(role.requirements.map((r) => [r.skillId, r]));
  const hits = result.hits.map((h) => toRankedEmployee(h, byId));
  const facetCounts = new Map((result.facets.department ?? []).map((b) => [b.value, b.count]));
  return {
    status: 'ranked',
    total: result.total,
    hits,
    departments: departmentList.map((d) => ({ ...d, count: facetCounts.get(d.id) ?? 0 })),
    ...base,
  };
}

/** The roles feeding a promotion into `role` (same family, see promotionFeeders). */
async function feederRoles(db: DbOrTx, role: RoleDetail): Promise<RoleRanking['feeders']> {
  if (!role.track) return [];
  const family = await db
    .select({ id: roleProfiles.id, name: roleProfiles.name, family: roleProfiles.family, track: roleProfiles.track, ladderRank: roleProfiles.ladderRank })
    .from(roleProfiles)
    .where(eq(roleProfiles.family, role.family));
  return promotionFeeders(role, family).map((f) => ({ id: f.role.id, name: f.role.name, track: f.role.track, adjacent: f.adjacent }));
}

export const MAX_RANKING_EXPORT = 1000;

/**
 * The ranking as CSV with the same filters (every page, up to MAX_RANKING_EXPORT people): rank,
 * name, e-mail, department, current role, match %, each requirement's achieved level, missed
 * essentials. Audited as role.export.
 */
export async function exportRoleRankingCsv(db: DbOrTx, actor: Actor, roleId: string, rawFilters: unknown, options: { engine?: SearchEngine } = {}): Promise<{ filename: string; csv: string }> {
  const parsed = rankingFiltersSchema.safeParse(rawFilters);
  if (!parsed.success) throw new AppError('invalid_input', 'The ranking filters are not valid.', fieldErrorsOf(parsed.error));
  const role = await getRole(db, actor, roleId);
  const hits: RankedEmployee[] = [];
  let ranking: RoleRanking | null = null;
  for (let page = 1; hits.length < MAX_RANKING_EXPORT; page++) {
    ranking = await rankEmployeesForRole(db, actor, roleId, { ...parsed.data, page }, options);
    hits.push(...ranking.hits);
    if (ranking.hits.length < ranking.pageSize || hits.length >= ranking.total || page >= 400) break;
  }
  const people = new Map((await getVisiblePeople(db, actor, hits.map((h) => h.personId))).map((p) => [p.id, p]));
  const requirements = role.requirements;
  const rows: string[][] = [
    ['Rank', 'Name', 'Email', 'Department', 'Current role', 'Match %', ...requirements.map((r) => `${r.skillName} (needs ${r.minLevel} ${levelName(r.minLevel)}${r.essential ? ', essential' : ''})`), 'Missed essentials'],
  ];
  hits.slice(0, MAX_RANKING_EXPORT).forEach((h, i) => {
    const p = people.get(h.personId);
    rows.push([
      String(i + 1),
      h.name,
      p?.email ?? '',
      p?.departmentName ?? '',
      p?.currentRole ?? '',
      String(h.matchPercent),
      ...requirements.map((r) => {
        const achieved = h.breakdown.find((b) => b.skillId === r.skillId)?.achieved ?? 0;
        return achieved === 0 ? '0 none' : `${achieved} ${levelName(achieved)}`;
      }),
      h.missedEssentials.join('; '),
    ]);
  });
  await db.insert(auditLog).values({ actorId: actor.id, action: 'role.export', subjectType: 'role', subjectId: role.id, detail: { people: rows.length - 1, view: parsed.data.view } });
  const slug = role.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'role';
  return { filename: `${parsed.data.view === 'promotion' ? 'promotion-candidates' : 'ranking'}-${slug}.csv`, csv: toCsv(rows) };
}

function toRankedEmployee(hit: SearchHit, requirements: Map<string, RoleRequirementView>): RankedEmployee {
  const breakdown: RankedRequirement[] = hit.breakdown.map((b) => {
    const r = requirements.get(b.skill);
    return { skillId: b.skill, skillName: r?.skillName ?? b.skill, required: b.required, achieved: b.achieved, met: b.met, essential: r?.essential ?? false, untrusted: b.untrusted };
  });
  return {
    personId: hit.personId,
    name: hit.name,
    headline: hit.headline,
    departmentId: hit.departmentId,
    score: hit.score,
    matchPercent: Math.round(hit.score * 100),
    breakdown,
    metCount: breakdown.filter((b) => b.met).length,
    missedEssentials: breakdown.filter((b) => b.essential && !b.met).map((b) => b.skillName),
    lastVerifiedAt: hit.lastVerifiedAt,
  };
}

/** The visibility rule of lib/domain/permissions.ts for employees, as SQL over `people`. */
function employeeScopeSql(actor: Actor) {
  const scope = visibilityScope(actor);
  if (scope.all) return sql`${people.kind} = 'employee'`;
  const parts = [];
  if (scope.mobileEmployees) parts.push(sql`${people.openToMobility} = true`);
  if (scope.departmentId) parts.push(sql`${people.departmentId} = ${scope.departmentId}`);
  if (parts.length === 0) return sql`false`;
  return sql`${people.kind} = 'employee' and ${people.searchable} = true and (${sql.join(parts, sql` or `)})`;
}

/**
 * How many visible employees hold each required skill (verified, unexpired): so a requirement on a
 * skill nobody has is explained instead of showing a table of zero-match rows.
 */
async function requirementCoverage(db: DbOrTx, actor: Actor, requirements: RoleRequirementView[]): Promise<RequirementCoverage[]> {
  if (requirements.length === 0) return [];
  const rows = await db
    .select({
      skillId: personSkills.skillId,
      level: personSkills.level,
      n: count(),
    })
    .from(personSkills)
    .innerJoin(people, eq(people.id, personSkills.personId))
    .where(
      and(
        inArray(
          personSkills.skillId,
          requirements.map((r) => r.skillId),
        ),
        eq(personSkills.verified, true),
        sql`(${personSkills.expiresAt} is null or ${personSkills.expiresAt} > now())`,
        employeeScopeSql(actor),
      ),
    )
    .groupBy(personSkills.skillId, personSkills.level);
  return requirements.map((r) => {
    const forSkill = rows.filter((x) => x.skillId === r.skillId);
    return {
      skillId: r.skillId,
      skillName: r.skillName,
      minLevel: r.minLevel,
      essential: r.essential,
      holders: forSkill.reduce((n, x) => n + Number(x.n), 0),
      holdersAtLevel: forSkill.filter((x) => x.level >= r.minLevel).reduce((n, x) => n + Number(x.n), 0),
    };
  });
}

async function visibleCurrentRoles(db: DbOrTx, actor: Actor): Promise<string[]> {
  const rows = await db
    .selectDistinct({ role: people.currentRole })
    .from(people)
    .where(and(employeeScopeSql(actor), sql`${people.currentRole} <> ''`))
    .orderBy(asc(people.currentRole))
    .limit(500);
  return rows.map((r) => r.role);
}
