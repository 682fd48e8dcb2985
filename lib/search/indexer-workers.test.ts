// Two indexer workers on one outbox, as two `npm run indexer` processes would run them against one
// Postgres server: each with its own connection pool and its own engine, claiming batches with
// FOR UPDATE SKIP LOCKED and a lease. Every queued change must reach the index exactly once: the
// engine each worker writes through is the real embedded engine, wrapped only to count what it is
// asked to write (per person id, per batch, per worker) and to hold each write a little so the two
// workers' claims and writes really overlap.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { env } from '../env.js';
import { createTestDatabase, type TestDatabase } from '../../test/databases';
import { openDatabase, rowsOf, type DbHandle } from '../db/client';
import { outbox, people } from '../db/schema';
import { inArray } from 'drizzle-orm';
import { searchQuerySchema } from '../domain/search-query';
import { CORPUS_NOW, generatedPeople, insertCorpus, NAMED } from './contract-corpus';
import { createEmbeddedEngine } from './embedded-engine';
import type { PersonDoc, SearchEngine } from './engine';
import { drainOutbox } from './indexer';

type Writes = {
  /** person id -> how many times any worker wrote (indexed) it */
  indexed: Map<string, number>;
  deleted: Map<string, number>;
  /** every engine call: which worker, which ids */
  calls: { worker: string; kind: 'index' | 'delete'; ids: string[] }[];
  inFlight: number;
  maxInFlight: number;
};

/** The real embedded engine on this worker's own connections, counting what reaches it. */
function countingEngine(worker: string, inner: SearchEngine, writes: Writes, holdMs: number): SearchEngine {
  const record = async (kind: 'index' | 'delete', ids: string[], write: () => Promise<void>) => {
    writes.calls.push({ worker, kind, ids });
    const counts = kind === 'index' ? writes.indexed : writes.deleted;
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    writes.inFlight += 1;
    writes.maxInFlight = Math.max(writes.maxInFlight, writes.inFlight);
    try {
      // Long enough that the other worker claims and starts its own batch meanwhile.
      await new Promise((r) => setTimeout(r, holdMs));
      await write();
    } finally {
      writes.inFlight -= 1;
    }
  };
  return {
    ...inner,
    kind: inner.kind,
    indexPeople: (docs: PersonDoc[]) => record('index', docs.map((d) => d.personId), () => inner.indexPeople(docs)),
    deletePeople: (ids: string[]) => record('delete', ids, () => inner.deletePeople(ids)),
  };
}

// PGlite is one in-process connection: two workers' claim transactions run one after the other, so
// no row is ever locked when the other claims and SKIP LOCKED is never exercised. The property needs
// two connections to one server; CI sets DATABASE_URL_TEST (a throwaway Postgres cluster).
const reason = 'two indexer workers need two connections to one Postgres server: set DATABASE_URL_TEST (PGlite has a single connection, so SKIP LOCKED has nothing to skip)';
if (!env.DATABASE_URL_TEST) console.info(`[test] skipped: ${reason}`);

describe.skipIf(!env.DATABASE_URL_TEST)('two indexer workers over one outbox on postgres', () => {
  let t: TestDatabase;
  let second: DbHandle;
  const now = () => CORPUS_NOW;
  const corpus = [...NAMED, ...generatedPeople(300)];
  /** People removed from the database after their change was queued: the workers must delete them from the index. */
  const removed = corpus.filter((_, i) => i % 37 === 5).map((p) => p.id);

  beforeAll(async () => {
    t = await createTestDatabase('postgres');
    await insertCorpus(t.db, corpus);
    // The second worker's own pool on the same database, as a second process would have.
    const url = rowsOf<{ db: string }>(await t.db.execute(sql`select current_database() as db`))[0]!.db;
    const target = new URL(env.DATABASE_URL_TEST!);
    target.pathname = `/${url}`;
    second = await openDatabase({ url: target.toString() });
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  test('every queued change is written exactly once, each batch by one worker, while both work at once', async () => {
    const queued = corpus.map((p) => p.id);
    await t.db.insert(outbox).values(queued.map((id) => ({ aggregateId: id, availableAt: new Date('2026-01-01') })));
    await t.db.delete(people).where(inArray(people.id, removed));

    const writes: Writes = { indexed: new Map(), deleted: new Map(), calls: [], inFlight: 0, maxInFlight: 0 };
    const workerA = countingEngine('A', createEmbeddedEngine(t.db, { now }), writes, 25);
    const workerB = countingEngine('B', createEmbeddedEngine(second.db, { now }), writes, 25);
    const [a, b] = await Promise.all([
      drainOutbox(t.db, workerA, { batchSize: 7, now }),
      drainOutbox(second.db, workerB, { batchSize: 7, now }),
    ]);

    // Both workers took part, and their writes overlapped in time: the race was really run.
    expect(a.processed).toBeGreaterThan(0);
    expect(b.processed).toBeGreaterThan(0);
    expect(writes.maxInFlight).toBe(2);
    expect(a.failed + b.failed).toBe(0);
    expect(a.processed + b.processed).toBe(queued.length);

    // Exactly once: every surviving person indexed once, every removed one deleted once, nothing else.
    const surviving = queued.filter((id) => !removed.includes(id));
    expect(Object.fromEntries(writes.indexed)).toEqual(Object.fromEntries(surviving.map((id) => [id, 1])));
    expect(Object.fromEntries(writes.deleted)).toEqual(Object.fromEntries(removed.map((id) => [id, 1])));
    // No batch (a claimed set of rows) was split across, or repeated by, the two workers.
    const owner = new Map<string, string>();
    for (const call of writes.calls) {
      for (const id of call.ids) {
        expect(owner.get(id), `${id} written by ${owner.get(id)} and ${call.worker}`).toBeUndefined();
        owner.set(id, call.worker);
      }
    }
    expect(new Set(writes.calls.map((c) => c.worker))).toEqual(new Set(['A', 'B']));

    // The outbox is drained and the index holds exactly the surviving people.
    const state = rowsOf<{ pending: number; retried: number }>(
      await t.db.execute(sql`select count(*) filter (where processed_at is null)::int as pending, count(*) filter (where attempts > 0)::int as retried from outbox`),
    )[0];
    expect(state).toEqual({ pending: 0, retried: 0 });
    const everyone = await createEmbeddedEngine(t.db, { now }).search(searchQuerySchema.parse({ pageSize: 1, facets: [] }), { all: true });
    expect(everyone.total).toBe(surviving.length);
  }, 120_000);
});
