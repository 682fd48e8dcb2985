// What a freshly seeded embedded folder still needs before the web server takes it over (issue 12
// item 6). PGlite runs no autovacuum and no autoanalyze, and the seed leaves 4,000 outbox rows (one
// per person, one per person whose credentials changed): the server's in-process indexer then built
// the whole index on its first tick and indexed every person twice more from the outbox (about 20
// CPU-s at 2,000 people, measured on the worker, main and GC threads), during the first minute of
// serving, and left the index tables with two dead versions of every row. Doing it here, in the
// process that seeded the folder and still holds it alone, serves the first request from an indexed,
// vacuumed and analysed folder.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client';
import { createEmbeddedEngine } from '../search/embedded-engine';
import { reindexAll } from '../search/reindex';
import { refreshSkillCooccurrence } from '../search/skill-cooccurrence';

export type SettleProgress = { phase: 'vacuum' | 'indexing' | 'done'; done: number; total: number };

/**
 * Vacuum and analyse every table, build the embedded search index from the database, mark the
 * outbox rows written up to then as processed (the index was built from what they describe), and
 * compute the related skills (skill_cooccurrence) the indexer would otherwise compute on its first tick.
 *
 * Only for the process that owns an embedded data folder (its lock) right after seeding it: with
 * nothing else writing, every outbox row up to the index's start is reflected in the index. Anywhere
 * else (a Postgres server other processes write to, a command talking to a running server's socket)
 * a row committed during the build could be marked without being indexed: there, leave the outbox
 * to the indexer. With Elasticsearch configured nothing is indexed here (the server's indexer builds
 * that index; a cluster that is down must not stop `npm start`), only vacuumed and analysed.
 */
export async function settleSeededDatabase(
  db: Db,
  options: { indexEmbedded: boolean; onProgress?: (p: SettleProgress) => void },
): Promise<{ indexed: number; outboxSettled: number }> {
  const progress = options.onProgress ?? (() => {});
  // First the seed's tables, so the index build below (and every later statement) is planned with
  // statistics (none before: reltuples -1 on every table), and the rows' commit hint bits and the
  // visibility map are set once here rather than by the server's first readers.
  progress({ phase: 'vacuum', done: 0, total: 1 });
  await db.execute(sql`vacuum analyze`);
  let indexed = 0;
  let outboxSettled = 0;
  if (options.indexEmbedded) {
    const mark = Number(rowsOf<{ id: string | number | null }>(await db.execute(sql`select max(id) as id from outbox`))[0]?.id ?? 0);
    // reindexAll vacuums and analyses the index tables once it has written them.
    const { total } = await reindexAll(db, createEmbeddedEngine(db), (p) => progress({ phase: 'indexing', done: p.done, total: p.total }));
    indexed = total;
    outboxSettled = Number(
      rowsOf<{ n: number }>(
        await db.execute(sql`with settled as (update outbox set processed_at = now(), last_error = null where processed_at is null and id <= ${mark} returning 1)
          select count(*)::int as n from settled`),
      )[0]?.n ?? 0,
    );
    // Related skills, derived from person_skills: otherwise the indexer's first tick computes them on
    // the server (one statement of about a second on PGlite at 2,000 people, which every request
    // waits behind). Computed after the outbox is settled, so no delivered change is newer than it.
    await refreshSkillCooccurrence(db);
    // Those updates left a dead version of every row behind, in the table and its partial indexes of
    // unprocessed rows that the health check and the indexer's claim scan.
    await db.execute(sql`vacuum analyze outbox, skill_cooccurrence, skill_cooccurrence_state`);
  }
  progress({ phase: 'done', done: 1, total: 1 });
  return { indexed, outboxSettled };
}
