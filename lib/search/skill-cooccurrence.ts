// Related skills by co-occurrence (issue 13 item 4): which skills the same people hold together at a
// verified level. Derived from person_skills (the source of truth, so it is the same whichever search
// engine runs) into skill_cooccurrence, which the search page reads for its suggestions ("people with
// Pandas often also hold Python") and for the related skills a requirement may take as partial evidence.
// The indexer owns the schedule: it recomputes the table after the index has changed, at most every
// COOCCURRENCE_REFRESH_MS, so a burst of imports costs one recomputation, not one per batch.
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../db/client';

/** Only verified levels from Working (2) up count as holding a skill "at level". */
export const COOCCURRENCE_MIN_LEVEL = 2;
/**
 * A pair needs at least this many co-holders to be suggested: fewer says little about skills and,
 * in a small organisation, would say something about a few people instead.
 */
export const COOCCURRENCE_MIN_PEOPLE = 3;
/** Related skills kept per skill (the page shows a few; MAX_RELATED_SKILLS count as evidence). */
export const COOCCURRENCE_TOP = 10;
/** Shortest time between two recomputations while the index keeps changing. */
export const COOCCURRENCE_REFRESH_MS = 10 * 60_000;

export type CooccurrenceRefresh = { pairs: number; people: number };

/**
 * Recomputes the whole table in one transaction (readers see the old table or the new one, never
 * half of it). The table lock makes two indexers running at once take turns instead of colliding
 * on the primary key.
 */
export async function refreshSkillCooccurrence(db: DbOrTx, options: { now?: Date } = {}): Promise<CooccurrenceRefresh> {
  const at = (options.now ?? new Date()).toISOString();
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table skill_cooccurrence in share row exclusive mode`);
    await tx.execute(sql`delete from skill_cooccurrence`);
    const row = rowsOf<{ pairs: number; people: number }>(
      await tx.execute(sql`with held as materialized (
          select distinct person_id, skill_id from person_skills
          where verified and level >= ${COOCCURRENCE_MIN_LEVEL} and (expires_at is null or expires_at > ${at}::timestamptz)
        ), holders as (
          select skill_id, count(*)::int as n from held group by 1
        ), pairs as (
          select a.skill_id, b.skill_id as related_skill_id, count(*)::int as people
          from held a join held b on b.person_id = a.person_id and b.skill_id <> a.skill_id
          group by 1, 2 having count(*) >= ${COOCCURRENCE_MIN_PEOPLE}
        ), ranked as (
          select p.skill_id, p.related_skill_id, p.people, (p.people::float8 / h.n)::real as share,
            row_number() over (partition by p.skill_id order by p.people desc, p.related_skill_id collate "C") as rank
          from pairs p join holders h on h.skill_id = p.skill_id
        ), inserted as (
          insert into skill_cooccurrence (skill_id, related_skill_id, people, share, rank)
          select skill_id, related_skill_id, people, share, rank from ranked where rank <= ${COOCCURRENCE_TOP}
          returning 1
        )
        select (select count(*)::int from inserted) as pairs, (select count(distinct person_id)::int from held) as people`),
    )[0];
    const result = { pairs: Number(row?.pairs ?? 0), people: Number(row?.people ?? 0) };
    await tx.execute(sql`insert into skill_cooccurrence_state (id, computed_at, people) values (1, ${at}::timestamptz, ${result.people})
      on conflict (id) do update set computed_at = excluded.computed_at, people = excluded.people`);
    return result;
  });
}

/**
 * Recomputes when never computed, or when the outbox has delivered changes since the last time and
 * that was at least `minIntervalMs` ago. Returns whether it ran. Cheap when not due (one row read).
 */
export async function refreshSkillCooccurrenceIfDue(db: DbOrTx, options: { now?: Date; minIntervalMs?: number } = {}): Promise<boolean> {
  const now = options.now ?? new Date();
  const minIntervalMs = options.minIntervalMs ?? COOCCURRENCE_REFRESH_MS;
  const state = rowsOf<{ computed_at: string | Date }>(await db.execute(sql`select computed_at from skill_cooccurrence_state where id = 1`))[0];
  if (state) {
    const computedAt = new Date(state.computed_at);
    if (now.getTime() - computedAt.getTime() < minIntervalMs) return false;
    const changed = rowsOf<{ changed: boolean }>(
      await db.execute(sql`select exists (select 1 from outbox where processed_at > ${computedAt.toISOString()}::timestamptz) as changed`),
    )[0];
    if (!changed?.changed) return false;
  }
  await refreshSkillCooccurrence(db, { now });
  return true;
}
