import 'server-only';
// Saved searches belong to one user; they store the query model itself (not a URL) so a later change
// of URL format never breaks them, and they are re-validated when opened. Names are unique per owner
// (case-insensitive; the database enforces it too). "Notify me" keeps the ids that matched when the
// owner last looked, so the app can list exactly the people who match now and did not then.
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client';
import { savedSearches } from '../db/schema';
import { AppError } from '../domain/app-error';
import { can, type Actor } from '../domain/permissions';
import { MAX_PAGE_SIZE, searchQuerySchema, type SearchQuery } from '../domain/search-query';
import { searchHref } from '../domain/search-url';
import { searchPeople, type SearchPeopleOptions } from './search-people';

export const MAX_SAVED_SEARCHES = 200;
/**
 * "Notify me" compares the whole set of people matching now with the set at the last visit, so it
 * needs every match: searches broader than this are refused (a recruiter who wants to hear about
 * new people wants a specific search; "everyone with SQL" is not news).
 */
export const MAX_NOTIFY_MATCHES = 1000;
/** At most this many notify-on searches per user: each is re-run when the saved-search list is shown. */
export const MAX_NOTIFY_SEARCHES = 20;
export const savedSearchNameSchema = z.string().trim().min(1, 'Give the search a name.').max(120, 'Names are limited to 120 characters.');
const idSchema = z.string().trim().min(1).max(200);

export type SavedSearch = {
  id: string;
  name: string;
  query: SearchQuery;
  href: string;
  createdAt: string;
  requirementCount: number;
  notify: boolean;
  lastSeenAt: string | null;
};
export type NewMatch = { personId: string; name: string; headline: string };
export type SavedSearchWithNews = SavedSearch & {
  /** People matching now who did not at the last visit (notify on only); null when it could not be checked. */
  newMatches: NewMatch[] | null;
  /** Why newMatches is null (the search grew too broad, or became invalid). */
  newMatchesProblem: string | null;
};

type Row = { id: string; name: string; query: Record<string, unknown>; createdAt: Date; notify: boolean; lastSeenAt: Date | null; seenPersonIds: string[] | null };
const rowColumns = {
  id: savedSearches.id,
  name: savedSearches.name,
  query: savedSearches.query,
  createdAt: savedSearches.createdAt,
  notify: savedSearches.notify,
  lastSeenAt: savedSearches.lastSeenAt,
  seenPersonIds: savedSearches.seenPersonIds,
};

function requireSave(actor: Actor) {
  if (!can(actor, 'searches.save')) throw new AppError('forbidden', 'You do not have access to saved searches.');
}

function toSaved(row: Row): SavedSearch {
  // A query saved under an older model may no longer validate: open it as the default search rather than fail.
  const parsed = searchQuerySchema.safeParse(row.query);
  const query = parsed.success ? { ...parsed.data, page: 1 } : searchQuerySchema.parse({});
  return {
    id: row.id,
    name: row.name,
    query,
    href: searchHref(query),
    createdAt: row.createdAt.toISOString(),
    requirementCount: query.requirements.length,
    notify: row.notify,
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
  };
}

async function ownedRow(db: DbOrTx, actor: Actor, idInput: unknown): Promise<Row> {
  requireSave(actor);
  const id = idSchema.safeParse(idInput);
  if (!id.success) throw new AppError('not_found', 'This saved search does not exist.');
  const [row] = await db.select(rowColumns).from(savedSearches).where(and(eq(savedSearches.id, id.data), eq(savedSearches.ownerId, actor.id))).limit(1);
  if (!row) throw new AppError('not_found', 'This saved search does not exist.');
  return row;
}

export async function listSavedSearches(db: DbOrTx, actor: Actor): Promise<SavedSearch[]> {
  requireSave(actor);
  const rows = await db.select(rowColumns).from(savedSearches).where(eq(savedSearches.ownerId, actor.id)).orderBy(desc(savedSearches.createdAt), asc(savedSearches.name));
  return rows.map(toSaved);
}

export async function getSavedSearch(db: DbOrTx, actor: Actor, id: string): Promise<SavedSearch> {
  return toSaved(await ownedRow(db, actor, id));
}

const DUPLICATE_NAME = 'You already have a saved search with this name; choose another name.';

/** Postgres and PGlite both report a unique violation as SQLSTATE 23505 (possibly wrapped by drizzle). */
function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/** Save a query under a name unique among the owner's searches. The page number is not saved: a saved search opens on page 1. */
export async function saveSearch(db: DbOrTx, actor: Actor, input: { name: unknown; query: unknown }): Promise<SavedSearch> {
  requireSave(actor);
  const name = savedSearchNameSchema.safeParse(input.name);
  if (!name.success) throw new AppError('invalid_input', name.error.issues[0]?.message ?? 'Name is not valid.', { name: name.error.issues.map((i) => i.message) });
  const query = searchQuerySchema.safeParse(input.query);
  if (!query.success) throw new AppError('invalid_input', 'The search is not valid.', { query: query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
  try {
    return await db.transaction(async (tx) => {
      const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(savedSearches).where(eq(savedSearches.ownerId, actor.id));
      if (Number(n) >= MAX_SAVED_SEARCHES) throw new AppError('conflict', `You have ${MAX_SAVED_SEARCHES} saved searches; delete some first.`);
      const [clash] = await tx
        .select({ id: savedSearches.id })
        .from(savedSearches)
        .where(and(eq(savedSearches.ownerId, actor.id), sql`lower(${savedSearches.name}) = lower(${name.data})`))
        .limit(1);
      if (clash) throw new AppError('conflict', DUPLICATE_NAME, { name: [DUPLICATE_NAME] });
      const stored = { ...query.data, page: 1 };
      const [row] = await tx
        .insert(savedSearches)
        .values({ ownerId: actor.id, name: name.data, query: stored as unknown as Record<string, unknown> })
        .returning(rowColumns);
      if (!row) throw new Error('insert returned no row');
      return toSaved(row);
    });
  } catch (err) {
    // Two saves of the same name at once: the unique index refuses the second.
    if (isUniqueViolation(err)) throw new AppError('conflict', DUPLICATE_NAME, { name: [DUPLICATE_NAME] });
    throw err;
  }
}

export async function deleteSavedSearch(db: DbOrTx, actor: Actor, id: string): Promise<void> {
  requireSave(actor);
  const deleted = await db
    .delete(savedSearches)
    .where(and(eq(savedSearches.id, id), eq(savedSearches.ownerId, actor.id)))
    .returning({ id: savedSearches.id });
  if (deleted.length === 0) throw new AppError('not_found', 'This saved search does not exist.');
}

type Match = { personId: string; name: string; headline: string };

/**
 * Everyone the actor's search matches now (the actor's own visibility applies, as in search), up to
 * `limit`; `total` is the engine's count. Read in pages of the largest size the query model allows.
 */
async function allMatches(db: DbOrTx, actor: Actor, query: SearchQuery, limit: number, options: SearchPeopleOptions): Promise<{ total: number; matches: Match[] }> {
  const matches: Match[] = [];
  let total = 0;
  for (let page = 1; ; page++) {
    const result = await searchPeople(actor, { ...query, facets: [], sort: 'match', page, pageSize: MAX_PAGE_SIZE }, { db, ...options });
    total = result.total;
    for (const h of result.hits) matches.push({ personId: h.personId, name: h.name, headline: h.headline });
    if (result.hits.length < MAX_PAGE_SIZE || matches.length >= Math.min(total, limit)) break;
  }
  return { total, matches: matches.slice(0, limit) };
}

function tooBroad(total: number): string {
  return `This search matches ${total.toLocaleString('en-GB')} people; “Notify me” works for searches matching up to ${MAX_NOTIFY_MATCHES.toLocaleString('en-GB')}. Add a requirement or filter to narrow it.`;
}

/** Turn "notify me" on (the people matching now are the baseline) or off. */
export async function setSavedSearchNotify(db: DbOrTx, actor: Actor, id: unknown, on: unknown, options: SearchPeopleOptions = {}): Promise<void> {
  const row = await ownedRow(db, actor, id);
  const parsedOn = z.boolean().safeParse(on);
  if (!parsedOn.success) throw new AppError('invalid_input', 'Choose on or off.', { notify: ['Choose on or off.'] });
  const enable = parsedOn.data;
  if (!enable) {
    await db.update(savedSearches).set({ notify: false, seenPersonIds: null, lastSeenAt: null }).where(eq(savedSearches.id, row.id));
    return;
  }
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(savedSearches).where(and(eq(savedSearches.ownerId, actor.id), eq(savedSearches.notify, true)));
  if (!row.notify && Number(n) >= MAX_NOTIFY_SEARCHES) throw new AppError('conflict', `“Notify me” is on for ${MAX_NOTIFY_SEARCHES} searches already; turn it off for one first.`);
  const { total, matches } = await allMatches(db, actor, toSaved(row).query, MAX_NOTIFY_MATCHES + 1, options);
  if (total > MAX_NOTIFY_MATCHES) throw new AppError('conflict', tooBroad(total));
  await db.update(savedSearches).set({ notify: true, seenPersonIds: matches.map((m) => m.personId), lastSeenAt: new Date() }).where(eq(savedSearches.id, row.id));
}

/** "Mark as seen": the people matching now become the baseline for the next visit. */
export async function markSavedSearchSeen(db: DbOrTx, actor: Actor, id: unknown, options: SearchPeopleOptions = {}): Promise<void> {
  const row = await ownedRow(db, actor, id);
  if (!row.notify) throw new AppError('invalid_input', 'Turn on “Notify me” for this search first.');
  // Up to twice the cap: a search that grew past it still records who was seen, so the list empties.
  const { matches } = await allMatches(db, actor, toSaved(row).query, MAX_NOTIFY_MATCHES * 2, options);
  await db.update(savedSearches).set({ seenPersonIds: matches.map((m) => m.personId), lastSeenAt: new Date() }).where(eq(savedSearches.id, row.id));
}

/**
 * The actor's saved searches, each notify-on one with the people who match now and did not at the
 * last visit. People who stopped matching are not news and are not listed.
 */
export async function listSavedSearchesWithNews(db: DbOrTx, actor: Actor, options: SearchPeopleOptions = {}): Promise<SavedSearchWithNews[]> {
  requireSave(actor);
  const rows = await db.select(rowColumns).from(savedSearches).where(eq(savedSearches.ownerId, actor.id)).orderBy(desc(savedSearches.createdAt), asc(savedSearches.name));
  const out: SavedSearchWithNews[] = [];
  for (const row of rows) {
    const saved = toSaved(row);
    if (!row.notify) {
      out.push({ ...saved, newMatches: null, newMatchesProblem: null });
      continue;
    }
    try {
      const { total, matches } = await allMatches(db, actor, saved.query, MAX_NOTIFY_MATCHES * 2, options);
      const seen = new Set(row.seenPersonIds ?? []);
      const fresh = matches.filter((m) => !seen.has(m.personId));
      out.push({ ...saved, newMatches: fresh, newMatchesProblem: total > MAX_NOTIFY_MATCHES * 2 ? tooBroad(total) : null });
    } catch (err) {
      // A saved search whose skill left the catalog must not break the whole list.
      if (!(err instanceof AppError)) throw err;
      out.push({ ...saved, newMatches: null, newMatchesProblem: err.message });
    }
  }
  return out;
}
