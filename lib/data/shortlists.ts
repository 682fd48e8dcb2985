import 'server-only';
// Shortlists belong to one user. Someone else's shortlist is answered as "not found" (never
// "forbidden") so ids cannot be probed. People on a list stay subject to visibility: a person the
// owner can no longer see (consent withdrawn, moved department) is counted but not named.
import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client';
import { auditLog, shortlistMembers, shortlists } from '../db/schema';
import { AppError } from '../domain/app-error';
import { toCsv } from '../domain/compare';
import { can, type Actor } from '../domain/permissions';
import { getVisiblePeople, type PersonSummary } from './people';

export const MAX_SHORTLISTS = 200;
export const MAX_SHORTLIST_MEMBERS = 500;

export const shortlistNameSchema = z.string().trim().min(1, 'Give the shortlist a name.').max(120, 'Names are limited to 120 characters.');
export const shortlistNoteSchema = z.string().trim().max(2000, 'Notes are limited to 2,000 characters.');
const idSchema = z.string().trim().min(1).max(200);

export type ShortlistSummary = { id: string; name: string; memberCount: number; updatedAt: string; createdAt: string };
export type ShortlistMember = {
  personId: string;
  note: string;
  addedAt: string;
  /** null when the owner may no longer see this person. */
  person: PersonSummary | null;
};
export type ShortlistDetail = ShortlistSummary & { members: ShortlistMember[]; hiddenCount: number };

function requireManage(actor: Actor) {
  if (!can(actor, 'shortlists.manage')) throw new AppError('forbidden', 'You do not have access to shortlists.');
}

function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new AppError('invalid_input', r.error.issues[0]?.message ?? 'Not valid.', { [field]: r.error.issues.map((i) => i.message) });
  return r.data;
}

async function ownedShortlist(db: DbOrTx, actor: Actor, shortlistId: unknown) {
  requireManage(actor);
  const id = idSchema.safeParse(shortlistId);
  if (!id.success) throw new AppError('not_found', 'This shortlist does not exist.');
  const [row] = await db.select().from(shortlists).where(and(eq(shortlists.id, id.data), eq(shortlists.ownerId, actor.id))).limit(1);
  if (!row) throw new AppError('not_found', 'This shortlist does not exist.');
  return row;
}

async function touch(db: DbOrTx, shortlistId: string) {
  await db.update(shortlists).set({ updatedAt: new Date() }).where(eq(shortlists.id, shortlistId));
}

export async function listShortlists(db: DbOrTx, actor: Actor): Promise<ShortlistSummary[]> {
  requireManage(actor);
  const rows = await db
    .select({ id: shortlists.id, name: shortlists.name, createdAt: shortlists.createdAt, updatedAt: shortlists.updatedAt, memberCount: count(shortlistMembers.personId) })
    .from(shortlists)
    .leftJoin(shortlistMembers, eq(shortlistMembers.shortlistId, shortlists.id))
    .where(eq(shortlists.ownerId, actor.id))
    .groupBy(shortlists.id)
    .orderBy(desc(shortlists.updatedAt), asc(shortlists.name));
  return rows.map((r) => ({ id: r.id, name: r.name, memberCount: Number(r.memberCount), createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() }));
}

/** The actor's shortlists that contain `personId` (profile: "on 2 shortlists"). */
export async function listShortlistIdsForPerson(db: DbOrTx, actor: Actor, personId: string): Promise<string[]> {
  requireManage(actor);
  const rows = await db
    .select({ id: shortlists.id })
    .from(shortlistMembers)
    .innerJoin(shortlists, eq(shortlists.id, shortlistMembers.shortlistId))
    .where(and(eq(shortlists.ownerId, actor.id), eq(shortlistMembers.personId, personId)));
  return rows.map((r) => r.id);
}

export async function getShortlist(db: DbOrTx, actor: Actor, shortlistId: string): Promise<ShortlistDetail> {
  const list = await ownedShortlist(db, actor, shortlistId);
  const members = await db
    .select()
    .from(shortlistMembers)
    .where(eq(shortlistMembers.shortlistId, list.id))
    .orderBy(asc(shortlistMembers.addedAt), asc(shortlistMembers.personId));
  const visible = new Map((await getVisiblePeople(db, actor, members.map((m) => m.personId))).map((p) => [p.id, p]));
  const out: ShortlistMember[] = members.map((m) => ({ personId: m.personId, note: m.note, addedAt: m.addedAt.toISOString(), person: visible.get(m.personId) ?? null }));
  return {
    id: list.id,
    name: list.name,
    createdAt: list.createdAt.toISOString(),
    updatedAt: list.updatedAt.toISOString(),
    memberCount: members.length,
    // Hidden members are listed without a name so the owner can remove them, and their ids are not shown.
    members: out.filter((m) => m.person !== null),
    hiddenCount: out.filter((m) => m.person === null).length,
  };
}

export async function createShortlist(db: DbOrTx, actor: Actor, input: { name: unknown; personIds?: unknown }): Promise<{ id: string }> {
  requireManage(actor);
  const name = parseOrThrow(shortlistNameSchema, input.name, 'name');
  const personIds = parseOrThrow(z.array(idSchema).max(MAX_SHORTLIST_MEMBERS).default([]), input.personIds ?? [], 'personIds');
  return db.transaction(async (tx) => {
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(shortlists).where(eq(shortlists.ownerId, actor.id));
    if (Number(n) >= MAX_SHORTLISTS) throw new AppError('conflict', `You have ${MAX_SHORTLISTS} shortlists; delete some before creating more.`);
    const visible = await getVisiblePeople(tx, actor, personIds);
    if (visible.length !== new Set(personIds).size) throw new AppError('not_found', 'Some of these people do not exist or are not visible to you.');
    const [row] = await tx.insert(shortlists).values({ ownerId: actor.id, name }).returning({ id: shortlists.id });
    if (!row) throw new Error('insert returned no row');
    if (visible.length) await tx.insert(shortlistMembers).values(visible.map((p) => ({ shortlistId: row.id, personId: p.id })));
    return row;
  });
}

export async function renameShortlist(db: DbOrTx, actor: Actor, shortlistId: string, nameInput: unknown): Promise<void> {
  const name = parseOrThrow(shortlistNameSchema, nameInput, 'name');
  const list = await ownedShortlist(db, actor, shortlistId);
  await db.update(shortlists).set({ name, updatedAt: new Date() }).where(eq(shortlists.id, list.id));
}

export async function deleteShortlist(db: DbOrTx, actor: Actor, shortlistId: string): Promise<void> {
  const list = await ownedShortlist(db, actor, shortlistId);
  await db.delete(shortlists).where(eq(shortlists.id, list.id));
}

/** Add people (idempotent: someone already on the list keeps their note). Returns how many were new. */
export async function addToShortlist(db: DbOrTx, actor: Actor, shortlistId: string, personIdsInput: unknown): Promise<{ added: number }> {
  const personIds = parseOrThrow(z.array(idSchema).min(1, 'Choose at least one person.').max(MAX_SHORTLIST_MEMBERS), personIdsInput, 'personIds');
  return db.transaction(async (tx) => {
    const list = await ownedShortlist(tx, actor, shortlistId);
    const visible = await getVisiblePeople(tx, actor, personIds);
    if (visible.length !== new Set(personIds).size) throw new AppError('not_found', 'Some of these people do not exist or are not visible to you.');
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(shortlistMembers).where(eq(shortlistMembers.shortlistId, list.id));
    if (Number(n) + visible.length > MAX_SHORTLIST_MEMBERS) throw new AppError('conflict', `A shortlist holds at most ${MAX_SHORTLIST_MEMBERS} people.`);
    const inserted = await tx
      .insert(shortlistMembers)
      .values(visible.map((p) => ({ shortlistId: list.id, personId: p.id })))
      .onConflictDoNothing()
      .returning({ personId: shortlistMembers.personId });
    await touch(tx, list.id);
    return { added: inserted.length };
  });
}

export async function removeFromShortlist(db: DbOrTx, actor: Actor, shortlistId: string, personIdInput: unknown): Promise<void> {
  const personId = parseOrThrow(idSchema, personIdInput, 'personId');
  const list = await ownedShortlist(db, actor, shortlistId);
  await db.delete(shortlistMembers).where(and(eq(shortlistMembers.shortlistId, list.id), eq(shortlistMembers.personId, personId)));
  await touch(db, list.id);
}

/** Remove every member the owner can no longer see. */
export async function removeHiddenMembers(db: DbOrTx, actor: Actor, shortlistId: string): Promise<number> {
  const detail = await getShortlist(db, actor, shortlistId);
  const all = await db.select({ personId: shortlistMembers.personId }).from(shortlistMembers).where(eq(shortlistMembers.shortlistId, detail.id));
  const visible = new Set(detail.members.map((m) => m.personId));
  const hidden = all.map((m) => m.personId).filter((id) => !visible.has(id));
  if (hidden.length) await db.delete(shortlistMembers).where(and(eq(shortlistMembers.shortlistId, detail.id), inArray(shortlistMembers.personId, hidden)));
  return hidden.length;
}

export async function setShortlistNote(db: DbOrTx, actor: Actor, shortlistId: string, personIdInput: unknown, noteInput: unknown): Promise<void> {
  const personId = parseOrThrow(idSchema, personIdInput, 'personId');
  const note = parseOrThrow(shortlistNoteSchema, noteInput, 'note');
  const list = await ownedShortlist(db, actor, shortlistId);
  const updated = await db
    .update(shortlistMembers)
    .set({ note })
    .where(and(eq(shortlistMembers.shortlistId, list.id), eq(shortlistMembers.personId, personId)))
    .returning({ personId: shortlistMembers.personId });
  if (updated.length === 0) throw new AppError('not_found', 'This person is not on the shortlist.');
  await touch(db, list.id);
}

/** The shortlist as CSV (owner only; people the owner can no longer see are left out). Audited. */
export async function exportShortlistCsv(db: DbOrTx, actor: Actor, shortlistId: string, options: { baseUrl?: string } = {}): Promise<{ filename: string; csv: string }> {
  const detail = await getShortlist(db, actor, shortlistId);
  const rows: string[][] = [['Name', 'Kind', 'Headline', 'Current role', 'Location', 'Department', 'Note', 'Added', 'Profile']];
  for (const m of detail.members) {
    const p = m.person!;
    rows.push([p.name, p.kind, p.headline, p.currentRole, p.location, p.departmentName ?? '', m.note, m.addedAt.slice(0, 10), `${options.baseUrl ?? ''}/people/${p.id}`]);
  }
  await db.insert(auditLog).values({ actorId: actor.id, action: 'shortlist.export', subjectType: 'shortlist', subjectId: detail.id, detail: { people: detail.members.length } });
  const slug = detail.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'shortlist';
  return { filename: `shortlist-${slug}.csv`, csv: toCsv(rows) };
}

