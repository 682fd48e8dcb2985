import 'server-only';
// Shortlists belong to one owner, who may share them with named colleagues (view or edit; the rules
// are shortlistAllows in lib/domain/shortlist-pipeline.ts). A list the actor neither owns nor was
// given is answered as "not found" (never "forbidden") so ids cannot be probed. People on a list stay
// subject to the *reader's* visibility: a person the reader may not see is counted but not named, so
// sharing a list never shows a colleague someone their own role may not see.
import { and, asc, count, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client';
import { queryPrepared } from '../db/local-settings';
import { auditLog, personSkills, roleProfiles, roleRequirements, shortlistMembers, shortlists, shortlistShares, skills, users, type ShortlistRequirementJson } from '../db/schema';
import { AppError } from '../domain/app-error';
import { toCsv } from '../domain/compare';
import { levelName } from '../domain/levels';
import { computeMatch, type BreakdownEntry } from '../domain/match-score';
import { can, ROLE_PERMISSIONS, ROLES, type Actor, type Role } from '../domain/permissions';
import { requirementSchema } from '../domain/search-query';
import {
  roleLabel,
  shortlistAllows,
  shortlistStageSchema,
  shortlistTagsSchema,
  STAGE_LABELS,
  type ShortlistAccess,
  type ShortlistOperation,
  type ShortlistStage,
} from '../domain/shortlist-pipeline';
import { getVisiblePeople, type PersonSummary } from './people';

export const MAX_SHORTLISTS = 200;
export const MAX_SHORTLIST_MEMBERS = 500;
export const MAX_SHARES = 50;

export const shortlistNameSchema = z.string().trim().min(1, 'Give the shortlist a name.').max(120, 'Names are limited to 120 characters.');
export const shortlistNoteSchema = z.string().trim().max(2000, 'Notes are limited to 2,000 characters.');
const idSchema = z.string().trim().min(1).max(200);
const shareAccessSchema = z.enum(['view', 'edit'], { message: 'Choose view or edit access.' });
const shortlistRequirementsSchema = z.array(requirementSchema).max(50);

export type ShortlistSummary = {
  id: string;
  name: string;
  memberCount: number;
  updatedAt: string;
  createdAt: string;
  /** The reader's access: their own list, or one a colleague shared with them. */
  access: ShortlistAccess;
  ownerName: string;
};
export type ShortlistScore = {
  /** 0..1 against the list's requirements; null when the list has none. */
  score: number | null;
  eligible: boolean;
  breakdown: BreakdownEntry[];
  /** Distinct verified credentials proving the requirement skills (every verified skill without requirements). */
  evidenceCount: number;
};
export type ShortlistMember = {
  personId: string;
  note: string;
  stage: ShortlistStage;
  tags: string[];
  addedAt: string;
  /** null when the reader may not see this person. */
  person: PersonSummary | null;
  match: ShortlistScore | null;
};
export type ShortlistShare = { userId: string; name: string; email: string; access: 'view' | 'edit' };
export type ShortlistRequirement = ShortlistRequirementJson & { name: string };
export type ShortlistDetail = ShortlistSummary & {
  members: ShortlistMember[];
  hiddenCount: number;
  requirements: ShortlistRequirement[];
  requirementsLabel: string;
  shares: ShortlistShare[];
};
export type Colleague = { id: string; name: string; email: string; role: Role };

function requireManage(actor: Actor) {
  if (!can(actor, 'shortlists.manage')) throw new AppError('forbidden', 'You do not have access to shortlists.');
}

function parseOrThrow<T>(schema: z.ZodType<T, unknown>, value: unknown, field: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new AppError('invalid_input', r.error.issues[0]?.message ?? 'Not valid.', { [field]: r.error.issues.map((i) => i.message) });
  return r.data;
}

const NOT_FOUND = 'This shortlist does not exist.';

/**
 * The shortlist if the actor may perform `operation` on it. Lists they have no access to at all are
 * "not found"; a colleague with too little access is told what they may do instead.
 */
async function accessibleShortlist(db: DbOrTx, actor: Actor, shortlistId: unknown, operation: ShortlistOperation) {
  requireManage(actor);
  const id = idSchema.safeParse(shortlistId);
  if (!id.success) throw new AppError('not_found', NOT_FOUND);
  const [row] = await db
    .select({ list: shortlists, shareAccess: shortlistShares.access, ownerName: users.name })
    .from(shortlists)
    .innerJoin(users, eq(users.id, shortlists.ownerId))
    .leftJoin(shortlistShares, and(eq(shortlistShares.shortlistId, shortlists.id), eq(shortlistShares.userId, actor.id)))
    .where(eq(shortlists.id, id.data))
    .limit(1);
  const access: ShortlistAccess | null = !row ? null : row.list.ownerId === actor.id ? 'owner' : (row.shareAccess ?? null);
  if (!row || !access) throw new AppError('not_found', NOT_FOUND);
  if (!shortlistAllows(access, operation)) {
    throw new AppError(
      'forbidden',
      operation === 'manage'
        ? `Only ${row.ownerName}, who owns this shortlist, can rename, delete or share it, or change what it is scored against.`
        : `${row.ownerName} shared this shortlist with you to view; ask them for edit access to change it.`,
    );
  }
  return { ...row.list, access, ownerName: row.ownerName };
}

/** Non-owners may act only on members they can see themselves (ids of hidden members are never shown to them). */
async function requireMemberVisible(db: DbOrTx, actor: Actor, access: ShortlistAccess, personId: string) {
  if (access === 'owner') return;
  const [visible] = await getVisiblePeople(db, actor, [personId]);
  if (!visible) throw new AppError('not_found', 'This person is not on the shortlist.');
}

async function touch(db: DbOrTx, shortlistId: string) {
  await db.update(shortlists).set({ updatedAt: new Date() }).where(eq(shortlists.id, shortlistId));
}

/** The actor's own shortlists and those shared with them; `editableOnly` for "Add to shortlist" pickers. */
export async function listShortlists(db: DbOrTx, actor: Actor, options: { editableOnly?: boolean } = {}): Promise<ShortlistSummary[]> {
  requireManage(actor);
  const memberCount = count(shortlistMembers.personId);
  const own = await db
    .select({ id: shortlists.id, name: shortlists.name, createdAt: shortlists.createdAt, updatedAt: shortlists.updatedAt, memberCount, ownerName: users.name })
    .from(shortlists)
    .innerJoin(users, eq(users.id, shortlists.ownerId))
    .leftJoin(shortlistMembers, eq(shortlistMembers.shortlistId, shortlists.id))
    .where(eq(shortlists.ownerId, actor.id))
    .groupBy(shortlists.id, users.name);
  const shared = await db
    .select({ id: shortlists.id, name: shortlists.name, createdAt: shortlists.createdAt, updatedAt: shortlists.updatedAt, memberCount, ownerName: users.name, access: shortlistShares.access })
    .from(shortlistShares)
    .innerJoin(shortlists, eq(shortlists.id, shortlistShares.shortlistId))
    .innerJoin(users, eq(users.id, shortlists.ownerId))
    .leftJoin(shortlistMembers, eq(shortlistMembers.shortlistId, shortlists.id))
    .where(and(eq(shortlistShares.userId, actor.id), options.editableOnly ? eq(shortlistShares.access, 'edit') : undefined))
    .groupBy(shortlists.id, users.name, shortlistShares.access);
  const rows: (Omit<ShortlistSummary, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date })[] = [
    ...own.map((r) => ({ ...r, memberCount: Number(r.memberCount), access: 'owner' as const })),
    ...shared.map((r) => ({ ...r, memberCount: Number(r.memberCount) })),
  ];
  return rows
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() }));
}

/**
 * What a profile needs from shortlists, in ONE statement: the lists the actor may add people to (own,
 * or shared with edit access; newest first, as listShortlists orders them) and the ids of every list
 * the actor can read (own or shared, any access) that already holds `personId` ("on 2 of your
 * shortlists"). It replaces listShortlists + a second listShortlists + a membership read (five
 * statements) on every profile view.
 */
export async function getProfileShortlists(db: DbOrTx, actor: Actor, personId: string): Promise<{ editable: ShortlistSummary[]; containing: string[] }> {
  requireManage(actor);
  // A named statement per pooled connection (queryPrepared): every profile view runs it, and
  // Postgres planned it each time for 0.34 ms against 0.015 ms of execution. The instants come back
  // as epoch milliseconds (floored, as drizzle's Date dropped the microseconds).
  const rows = await queryPrepared<{ id: string; name: string; created_ms: number; updated_ms: number; owner_name: string; access: ShortlistAccess; member_count: string | number; holds_person: boolean }>(
    db,
    sql`select l.id, l.name, floor(extract(epoch from l.created_at) * 1000)::float8 as created_ms, floor(extract(epoch from l.updated_at) * 1000)::float8 as updated_ms,
        u.name as owner_name, case when l.owner_id = ${actor.id} then 'owner' else sh.access::text end as access,
        (select count(*) from shortlist_members m where m.shortlist_id = l.id) as member_count,
        exists (select 1 from shortlist_members m where m.shortlist_id = l.id and m.person_id = ${personId}) as holds_person
      from shortlists l join users u on u.id = l.owner_id
        left join shortlist_shares sh on sh.shortlist_id = l.id and sh.user_id = ${actor.id}
      where l.owner_id = ${actor.id} or sh.user_id = ${actor.id}`,
  );
  const editable = rows
    .filter((r) => r.access === 'owner' || r.access === 'edit')
    .sort((a, b) => Number(b.updated_ms) - Number(a.updated_ms) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: new Date(Number(r.created_ms)).toISOString(),
      updatedAt: new Date(Number(r.updated_ms)).toISOString(),
      ownerName: r.owner_name,
      access: r.access,
      memberCount: Number(r.member_count),
    }));
  return { editable, containing: rows.filter((r) => r.holds_person).map((r) => r.id) };
}

/** Requirements with their skill names; a skill removed from the catalog since is dropped. */
async function namedRequirements(db: DbOrTx, requirements: ShortlistRequirementJson[]): Promise<ShortlistRequirement[]> {
  if (requirements.length === 0) return [];
  const names = new Map((await db.select({ id: skills.id, name: skills.name }).from(skills).where(inArray(skills.id, requirements.map((r) => r.skill)))).map((s) => [s.id, s.name]));
  return requirements.flatMap((r) => (names.has(r.skill) ? [{ ...r, name: names.get(r.skill)! }] : []));
}

/** Match and evidence per person from their verified levels (the same score as search). */
async function scoreMembers(db: DbOrTx, personIds: string[], requirements: ShortlistRequirementJson[]): Promise<Map<string, ShortlistScore>> {
  const out = new Map<string, ShortlistScore>();
  if (personIds.length === 0) return out;
  const rows = await db
    .select({ personId: personSkills.personId, skill: personSkills.skillId, level: personSkills.level, credentialIds: personSkills.credentialIds })
    .from(personSkills)
    .where(and(inArray(personSkills.personId, personIds), eq(personSkills.verified, true)));
  const byPerson = new Map<string, { skill: string; level: number; credentialIds: string[] }[]>();
  for (const r of rows) byPerson.set(r.personId, [...(byPerson.get(r.personId) ?? []), r]);
  const required = new Set(requirements.map((r) => r.skill));
  for (const id of personIds) {
    const held = byPerson.get(id) ?? [];
    const match = computeMatch(requirements, held);
    const evidence = new Set(held.filter((s) => required.size === 0 || required.has(s.skill)).flatMap((s) => s.credentialIds));
    out.set(id, { score: requirements.length ? match.score : null, eligible: match.eligible, breakdown: match.breakdown, evidenceCount: evidence.size });
  }
  return out;
}

export async function getShortlist(db: DbOrTx, actor: Actor, shortlistId: string): Promise<ShortlistDetail> {
  const list = await accessibleShortlist(db, actor, shortlistId, 'read');
  const members = await db
    .select()
    .from(shortlistMembers)
    .where(eq(shortlistMembers.shortlistId, list.id))
    .orderBy(asc(shortlistMembers.addedAt), asc(shortlistMembers.personId));
  const visible = new Map((await getVisiblePeople(db, actor, members.map((m) => m.personId))).map((p) => [p.id, p]));
  const requirements = await namedRequirements(db, list.requirements);
  const scores = await scoreMembers(db, [...visible.keys()], requirements);
  const out: ShortlistMember[] = members.map((m) => ({
    personId: m.personId,
    note: m.note,
    stage: m.stage,
    tags: m.tags,
    addedAt: m.addedAt.toISOString(),
    person: visible.get(m.personId) ?? null,
    match: scores.get(m.personId) ?? null,
  }));
  const shares = await db
    .select({ userId: users.id, name: users.name, email: users.email, access: shortlistShares.access })
    .from(shortlistShares)
    .innerJoin(users, eq(users.id, shortlistShares.userId))
    .where(eq(shortlistShares.shortlistId, list.id))
    .orderBy(asc(users.name), asc(users.id));
  return {
    id: list.id,
    name: list.name,
    access: list.access,
    ownerName: list.ownerName,
    createdAt: list.createdAt.toISOString(),
    updatedAt: list.updatedAt.toISOString(),
    memberCount: members.length,
    // Hidden members are counted, not listed, and their ids are not shown.
    members: out.filter((m) => m.person !== null),
    hiddenCount: out.filter((m) => m.person === null).length,
    requirements,
    requirementsLabel: list.requirementsLabel,
    shares,
  };
}

type RequirementsInput = { requirements?: unknown; requirementsLabel?: unknown };

function parseRequirements(input: RequirementsInput): { requirements: ShortlistRequirementJson[]; requirementsLabel: string } | null {
  if (input.requirements === undefined) return null;
  const requirements = parseOrThrow(shortlistRequirementsSchema, input.requirements, 'requirements');
  const requirementsLabel = parseOrThrow(z.string().trim().max(300).default(''), input.requirementsLabel ?? '', 'requirementsLabel');
  return requirements.length ? { requirements, requirementsLabel } : null;
}

/** Create a list; `requirements` (from the search it was made from) is what its members are scored against. */
export async function createShortlist(db: DbOrTx, actor: Actor, input: { name: unknown; personIds?: unknown } & RequirementsInput): Promise<{ id: string }> {
  requireManage(actor);
  const name = parseOrThrow(shortlistNameSchema, input.name, 'name');
  const personIds = parseOrThrow(z.array(idSchema).max(MAX_SHORTLIST_MEMBERS).default([]), input.personIds ?? [], 'personIds');
  const scoring = parseRequirements(input);
  return db.transaction(async (tx) => {
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(shortlists).where(eq(shortlists.ownerId, actor.id));
    if (Number(n) >= MAX_SHORTLISTS) throw new AppError('conflict', `You have ${MAX_SHORTLISTS} shortlists; delete some before creating more.`);
    const visible = await getVisiblePeople(tx, actor, personIds);
    if (visible.length !== new Set(personIds).size) throw new AppError('not_found', 'Some of these people do not exist or are not visible to you.');
    const [row] = await tx
      .insert(shortlists)
      .values({ ownerId: actor.id, name, ...(scoring ?? {}) })
      .returning({ id: shortlists.id });
    if (!row) throw new Error('insert returned no row');
    if (visible.length) await tx.insert(shortlistMembers).values(visible.map((p) => ({ shortlistId: row.id, personId: p.id })));
    return row;
  });
}

export async function renameShortlist(db: DbOrTx, actor: Actor, shortlistId: string, nameInput: unknown): Promise<void> {
  const name = parseOrThrow(shortlistNameSchema, nameInput, 'name');
  const list = await accessibleShortlist(db, actor, shortlistId, 'manage');
  await db.update(shortlists).set({ name, updatedAt: new Date() }).where(eq(shortlists.id, list.id));
}

export async function deleteShortlist(db: DbOrTx, actor: Actor, shortlistId: string): Promise<void> {
  const list = await accessibleShortlist(db, actor, shortlistId, 'manage');
  await db.delete(shortlists).where(eq(shortlists.id, list.id));
}

/**
 * Add people (idempotent: someone already on the list keeps their note, stage and tags). When the
 * list has nothing to score against yet and `requirements` are given (the search they came from),
 * those become its requirements. Returns how many were new.
 */
export async function addToShortlist(db: DbOrTx, actor: Actor, shortlistId: string, personIdsInput: unknown, scoringInput: RequirementsInput = {}): Promise<{ added: number }> {
  const personIds = parseOrThrow(z.array(idSchema).min(1, 'Choose at least one person.').max(MAX_SHORTLIST_MEMBERS), personIdsInput, 'personIds');
  const scoring = parseRequirements(scoringInput);
  return db.transaction(async (tx) => {
    const list = await accessibleShortlist(tx, actor, shortlistId, 'editMembers');
    const visible = await getVisiblePeople(tx, actor, personIds);
    if (visible.length !== new Set(personIds).size) throw new AppError('not_found', 'Some of these people do not exist or are not visible to you.');
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(shortlistMembers).where(eq(shortlistMembers.shortlistId, list.id));
    if (Number(n) + visible.length > MAX_SHORTLIST_MEMBERS) throw new AppError('conflict', `A shortlist holds at most ${MAX_SHORTLIST_MEMBERS} people.`);
    const inserted = await tx
      .insert(shortlistMembers)
      .values(visible.map((p) => ({ shortlistId: list.id, personId: p.id })))
      .onConflictDoNothing()
      .returning({ personId: shortlistMembers.personId });
    if (scoring && list.requirements.length === 0) await tx.update(shortlists).set(scoring).where(eq(shortlists.id, list.id));
    await touch(tx, list.id);
    return { added: inserted.length };
  });
}

export async function removeFromShortlist(db: DbOrTx, actor: Actor, shortlistId: string, personIdInput: unknown): Promise<void> {
  const personId = parseOrThrow(idSchema, personIdInput, 'personId');
  const list = await accessibleShortlist(db, actor, shortlistId, 'editMembers');
  await requireMemberVisible(db, actor, list.access, personId);
  await db.delete(shortlistMembers).where(and(eq(shortlistMembers.shortlistId, list.id), eq(shortlistMembers.personId, personId)));
  await touch(db, list.id);
}

/**
 * Remove every member the owner can no longer see. Owner only: a colleague who sees fewer people
 * (a manager sees one department) would otherwise remove people the owner still works with.
 */
export async function removeHiddenMembers(db: DbOrTx, actor: Actor, shortlistId: string): Promise<number> {
  const list = await accessibleShortlist(db, actor, shortlistId, 'manage');
  const detail = await getShortlist(db, actor, list.id);
  const all = await db.select({ personId: shortlistMembers.personId }).from(shortlistMembers).where(eq(shortlistMembers.shortlistId, detail.id));
  const visible = new Set(detail.members.map((m) => m.personId));
  const hidden = all.map((m) => m.personId).filter((id) => !visible.has(id));
  if (hidden.length) await db.delete(shortlistMembers).where(and(eq(shortlistMembers.shortlistId, detail.id), inArray(shortlistMembers.personId, hidden)));
  return hidden.length;
}

export type MemberChanges = { note?: unknown; stage?: unknown; tags?: unknown };

/** Change a member's note, pipeline stage and/or tags (each validated; nothing is written when any is bad). */
export async function updateShortlistMember(db: DbOrTx, actor: Actor, shortlistId: string, personIdInput: unknown, changes: MemberChanges): Promise<void> {
  const personId = parseOrThrow(idSchema, personIdInput, 'personId');
  const set: { note?: string; stage?: ShortlistStage; tags?: string[] } = {};
  if (changes.note !== undefined) set.note = parseOrThrow(shortlistNoteSchema, changes.note, 'note');
  if (changes.stage !== undefined) set.stage = parseOrThrow(shortlistStageSchema, changes.stage, 'stage');
  if (changes.tags !== undefined) set.tags = parseOrThrow(shortlistTagsSchema, changes.tags, 'tags');
  if (Object.keys(set).length === 0) throw new AppError('invalid_input', 'Nothing to change.');
  const list = await accessibleShortlist(db, actor, shortlistId, 'editMembers');
  await requireMemberVisible(db, actor, list.access, personId);
  const updated = await db
    .update(shortlistMembers)
    .set(set)
    .where(and(eq(shortlistMembers.shortlistId, list.id), eq(shortlistMembers.personId, personId)))
    .returning({ personId: shortlistMembers.personId });
  if (updated.length === 0) throw new AppError('not_found', 'This person is not on the shortlist.');
  await touch(db, list.id);
}

export async function setShortlistNote(db: DbOrTx, actor: Actor, shortlistId: string, personIdInput: unknown, noteInput: unknown): Promise<void> {
  await updateShortlistMember(db, actor, shortlistId, personIdInput, { note: noteInput ?? '' });
}

/** Roles that may use shortlists, i.e. the colleagues a list can be shared with. */
const SHORTLIST_ROLES = ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('shortlists.manage'));

/** Colleagues the actor can share a list with (everyone else who uses shortlists). */
export async function listShareableColleagues(db: DbOrTx, actor: Actor): Promise<Colleague[]> {
  if (!can(actor, 'shortlists.share')) return [];
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: users.role })
    .from(users)
    .where(and(ne(users.id, actor.id), inArray(users.role, SHORTLIST_ROLES)))
    .orderBy(asc(users.name), asc(users.email));
}

/** Share with a named colleague by e-mail (or change their access). Owner only; audited. */
export async function shareShortlist(db: DbOrTx, actor: Actor, shortlistId: string, input: { email: unknown; access: unknown }): Promise<ShortlistShare> {
  if (!can(actor, 'shortlists.share')) throw new AppError('forbidden', 'You may not share shortlists.');
  const email = parseOrThrow(z.string().trim().toLowerCase().email('Enter a colleague’s e-mail address.').max(320), input.email, 'email');
  const access = parseOrThrow(shareAccessSchema, input.access, 'access');
  return db.transaction(async (tx) => {
    const list = await accessibleShortlist(tx, actor, shortlistId, 'manage');
    const [user] = await tx.select({ id: users.id, name: users.name, email: users.email, role: users.role }).from(users).where(eq(users.email, email)).limit(1);
    // One message for "no such user" and "cannot use shortlists", so the form is not a directory probe beyond its own list.
    if (!user || !SHORTLIST_ROLES.includes(user.role)) throw new AppError('invalid_input', 'No colleague who uses shortlists has that e-mail address.', { email: ['No colleague who uses shortlists has that e-mail address.'] });
    if (user.id === actor.id) throw new AppError('invalid_input', 'This is your own shortlist.', { email: ['This is your own shortlist.'] });
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(shortlistShares).where(eq(shortlistShares.shortlistId, list.id));
    const [existing] = await tx.select({ userId: shortlistShares.userId }).from(shortlistShares).where(and(eq(shortlistShares.shortlistId, list.id), eq(shortlistShares.userId, user.id)));
    if (!existing && Number(n) >= MAX_SHARES) throw new AppError('conflict', `A shortlist can be shared with at most ${MAX_SHARES} colleagues.`);
    await tx
      .insert(shortlistShares)
      .values({ shortlistId: list.id, userId: user.id, access })
      .onConflictDoUpdate({ target: [shortlistShares.shortlistId, shortlistShares.userId], set: { access } });
    await tx.insert(auditLog).values({ actorId: actor.id, action: 'shortlist.share', subjectType: 'shortlist', subjectId: list.id, detail: { userId: user.id, access } });
    return { userId: user.id, name: user.name, email: user.email, access };
  });
}

export async function unshareShortlist(db: DbOrTx, actor: Actor, shortlistId: string, userIdInput: unknown): Promise<void> {
  const userId = parseOrThrow(idSchema, userIdInput, 'userId');
  const list = await accessibleShortlist(db, actor, shortlistId, 'manage');
  const deleted = await db.delete(shortlistShares).where(and(eq(shortlistShares.shortlistId, list.id), eq(shortlistShares.userId, userId))).returning({ userId: shortlistShares.userId });
  if (deleted.length === 0) throw new AppError('not_found', 'This shortlist is not shared with that colleague.');
  await db.insert(auditLog).values({ actorId: actor.id, action: 'shortlist.unshare', subjectType: 'shortlist', subjectId: list.id, detail: { userId } });
}

/** Score the list against a role profile's requirements, or against nothing (`roleId` empty). Owner only. */
export async function setShortlistRole(db: DbOrTx, actor: Actor, shortlistId: string, roleIdInput: unknown): Promise<void> {
  const roleId = parseOrThrow(z.string().trim().max(200), roleIdInput ?? '', 'roleId');
  const list = await accessibleShortlist(db, actor, shortlistId, 'manage');
  if (!roleId) {
    await db.update(shortlists).set({ requirements: [], requirementsLabel: '', updatedAt: new Date() }).where(eq(shortlists.id, list.id));
    return;
  }
  if (!can(actor, 'roles.view')) throw new AppError('forbidden', 'You do not have access to role profiles.');
  const [role] = await db.select({ id: roleProfiles.id, name: roleProfiles.name }).from(roleProfiles).where(eq(roleProfiles.id, roleId)).limit(1);
  if (!role) throw new AppError('not_found', 'This role profile does not exist.');
  const reqs = await db
    .select({ skill: roleRequirements.skillId, minLevel: roleRequirements.minLevel, weight: roleRequirements.weight, essential: roleRequirements.essential })
    .from(roleRequirements)
    .innerJoin(skills, eq(skills.id, roleRequirements.skillId))
    .where(eq(roleRequirements.roleId, role.id))
    .orderBy(desc(roleRequirements.essential), asc(skills.name));
  await db.update(shortlists).set({ requirements: reqs, requirementsLabel: `the role profile “${role.name}”`, updatedAt: new Date() }).where(eq(shortlists.id, list.id));
}

/**
 * The shortlist as CSV: contact, the role labelled as current (employee) or target (candidate),
 * stage, tags, match %, each requirement's achieved level and the evidence count. People the reader
 * can no longer see are left out. Audited.
 */
export async function exportShortlistCsv(db: DbOrTx, actor: Actor, shortlistId: string, options: { baseUrl?: string } = {}): Promise<{ filename: string; csv: string }> {
  const detail = await getShortlist(db, actor, shortlistId);
  const reqHeaders = detail.requirements.map((r) => `${r.name} (needs ${r.minLevel} ${levelName(r.minLevel)}${r.essential ? ', essential' : ''})`);
  const rows: string[][] = [
    ['Name', 'Email', 'Kind', 'Current role', 'Target role', 'Headline', 'Location', 'Department', 'Stage', 'Tags', 'Match %', ...reqHeaders, 'Evidence (verified credentials)', 'Note', 'Added', 'Profile'],
  ];
  for (const m of detail.members) {
    const p = m.person!;
    const role = roleLabel(p);
    const match = m.match;
    rows.push([
      p.name,
      p.email,
      p.kind,
      role.label === 'Current role' ? role.value : '',
      role.label === 'Target role' ? role.value : '',
      p.headline,
      p.location,
      p.departmentName ?? '',
      STAGE_LABELS[m.stage],
      m.tags.join(', '),
      match?.score == null ? '' : String(Math.round(match.score * 100)),
      ...detail.requirements.map((r) => {
        const achieved = match?.breakdown.find((b) => b.skill === r.skill)?.achieved ?? 0;
        return achieved === 0 ? '0 none' : `${achieved} ${levelName(achieved)}`;
      }),
      String(match?.evidenceCount ?? 0),
      m.note,
      m.addedAt.slice(0, 10),
      `${options.baseUrl ?? ''}/people/${p.id}`,
    ]);
  }
  await db.insert(auditLog).values({ actorId: actor.id, action: 'shortlist.export', subjectType: 'shortlist', subjectId: detail.id, detail: { people: detail.members.length } });
  const slug = detail.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'shortlist';
  return { filename: `shortlist-${slug}.csv`, csv: toCsv(rows) };
}
