import 'server-only';
// Saved searches belong to one user; they store the query model itself (not a URL) so a later change
// of URL format never breaks them, and they are re-validated when opened.
import { and, asc, count, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client';
import { savedSearches } from '../db/schema';
import { AppError } from '../domain/app-error';
import { can, type Actor } from '../domain/permissions';
import { searchQuerySchema, type SearchQuery } from '../domain/search-query';
import { searchHref } from '../domain/search-url';

export const MAX_SAVED_SEARCHES = 200;
export const savedSearchNameSchema = z.string().trim().min(1, 'Give the search a name.').max(120, 'Names are limited to 120 characters.');

export type SavedSearch = { id: string; name: string; query: SearchQuery; href: string; createdAt: string; requirementCount: number };

function requireSave(actor: Actor) {
  if (!can(actor, 'searches.save')) throw new AppError('forbidden', 'You do not have access to saved searches.');
}

function toSaved(row: { id: string; name: string; query: Record<string, unknown>; createdAt: Date }): SavedSearch {
  // A query saved under an older model may no longer validate: open it as the default search rather than fail.
  const parsed = searchQuerySchema.safeParse(row.query);
  const query = parsed.success ? { ...parsed.data, page: 1 } : searchQuerySchema.parse({});
  return { id: row.id, name: row.name, query, href: searchHref(query), createdAt: row.createdAt.toISOString(), requirementCount: query.requirements.length };
}

export async function listSavedSearches(db: DbOrTx, actor: Actor): Promise<SavedSearch[]> {
  requireSave(actor);
  const rows = await db
    .select({ id: savedSearches.id, name: savedSearches.name, query: savedSearches.query, createdAt: savedSearches.createdAt })
    .from(savedSearches)
    .where(eq(savedSearches.ownerId, actor.id))
    .orderBy(desc(savedSearches.createdAt), asc(savedSearches.name));
  return rows.map(toSaved);
}

export async function getSavedSearch(db: DbOrTx, actor: Actor, id: string): Promise<SavedSearch> {
  requireSave(actor);
  const [row] = await db
    .select({ id: savedSearches.id, name: savedSearches.name, query: savedSearches.query, createdAt: savedSearches.createdAt })
    .from(savedSearches)
    .where(and(eq(savedSearches.id, id), eq(savedSearches.ownerId, actor.id)))
    .limit(1);
  if (!row) throw new AppError('not_found', 'This saved search does not exist.');
  return toSaved(row);
}

/** Save a query under a name. The page number is not saved: a saved search opens on page 1. */
export async function saveSearch(db: DbOrTx, actor: Actor, input: { name: unknown; query: unknown }): Promise<SavedSearch> {
  requireSave(actor);
  const name = savedSearchNameSchema.safeParse(input.name);
  if (!name.success) throw new AppError('invalid_input', name.error.issues[0]?.message ?? 'Name is not valid.', { name: name.error.issues.map((i) => i.message) });
  const query = searchQuerySchema.safeParse(input.query);
  if (!query.success) throw new AppError('invalid_input', 'The search is not valid.', { query: query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
  return db.transaction(async (tx) => {
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(savedSearches).where(eq(savedSearches.ownerId, actor.id));
    if (Number(n) >= MAX_SAVED_SEARCHES) throw new AppError('conflict', `You have ${MAX_SAVED_SEARCHES} saved searches; delete some first.`);
    const stored = { ...query.data, page: 1 };
    const [row] = await tx
      .insert(savedSearches)
      .values({ ownerId: actor.id, name: name.data, query: stored as unknown as Record<string, unknown> })
      .returning({ id: savedSearches.id, name: savedSearches.name, query: savedSearches.query, createdAt: savedSearches.createdAt });
    if (!row) throw new Error('insert returned no row');
    return toSaved(row);
  });
}

export async function deleteSavedSearch(db: DbOrTx, actor: Actor, id: string): Promise<void> {
  requireSave(actor);
  const deleted = await db
    .delete(savedSearches)
    .where(and(eq(savedSearches.id, id), eq(savedSearches.ownerId, actor.id)))
    .returning({ id: savedSearches.id });
  if (deleted.length === 0) throw new AppError('not_found', 'This saved search does not exist.');
}
