// The indexing pipeline on a real database: outbox -> engine, retry with backoff while the engine is
// down (nothing lost), idempotent and exclusive claiming, reindex with progress, and system health.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { outbox, people } from '../db/schema';
import { rowsOf } from '../db/client';
import { getSystemHealth } from '../data/get-system-health';
import { searchQuerySchema } from '../domain/search-query';
import { CORPUS_NOW, insertCorpus, NAMED, PY } from './contract-corpus';
import { createEmbeddedEngine } from './embedded-engine';
import type { PersonDoc, ReindexProgress, SearchEngine } from './engine';
import { backoffMs, bootstrapIndex, drainOutbox, releaseLeasesAtStart } from './indexer';
import { loadPersonDocs } from './person-docs';
import { reindexAll } from './reindex';

const all = { all: true } as const;
const everyone = searchQuerySchema.parse({ pageSize: 100 });

/** An engine whose writes can be made to fail, recording what reached it. */
function flakyEngine(inner: SearchEngine) {
  const state = { down: false, indexed: [] as string[], deleted: [] as string[] };
  const engine: SearchEngine = {
    ...inner,
    kind: inner.kind,
    async indexPeople(docs: PersonDoc[]) {
      if (state.down) throw new Error('connect ECONNREFUSED 127.0.0.1:9200');
      state.indexed.push(...docs.map((d) => d.personId));
      await inner.indexPeople(docs);
    },
    async deletePeople(ids: string[]) {
      if (state.down) throw new Error('connect ECONNREFUSED 127.0.0.1:9200');
      state.deleted.push(...ids);
      await inner.deletePeople(ids);
    },
  };
  return { engine, state };
}

describe.each(testDatabaseKinds)('indexing pipeline on %s', (kind) => {
  let t: TestDatabase;
  let clock: Date;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await insertCorpus(t.db, NAMED);
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    clock = new Date(CORPUS_NOW);
    await t.db.execute(sql`delete from outbox`);
    // Empty every embedded index table (the engine searches search_doc_facets, found by doc_no).
    for (const table of ['search_doc_facets', 'search_skill_facts', 'search_document_skills', 'search_documents']) {
      await t.db.execute(sql.raw(`delete from ${table}`));
    }
  });
  const now = () => clock;

  test('drains outbox rows into the engine and marks them processed; a deleted person leaves the index', async () => {
    const { engine, state } = flakyEngine(createEmbeddedEngine(t.db, { now }));
    await t.db.insert(outbox).values(NAMED.map((p) => ({ aggregateId: p.id, availableAt: new Date('2026-01-01') })));
    await t.db.insert(outbox).values({ aggregateId: 'n-cross', availableAt: new Date('2026-01-01') });
    const r = await drainOutbox(t.db, engine, { batchSize: 5, now });
    expect(r).toMatchObject({ processed: NAMED.length + 1, failed: 0 });
    expect(r.batches).toBe(Math.ceil((NAMED.length + 1) / 5));
    expect((await engine.search(everyone, all)).total).toBe(NAMED.length);
    const pending = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from outbox where processed_at is null`))[0];
    expect(pending?.n).toBe(0);

    await t.db.delete(people).where(eq(people.id, 'n-tie4'));
    await t.db.insert(outbox).values({ aggregateId: 'n-tie4', op: 'delete', availableAt: new Date('2026-01-01') });
    await drainOutbox(t.db, engine, { now });
    expect(state.deleted).toEqual(['n-tie4']);
    expect((await engine.search(everyone, all)).total).toBe(NAMED.length - 1);
    // Put the person back for the other tests.
    await insertCorpus(t.db, NAMED.filter((p) => p.id === 'n-tie4'));
  });

  test('while the engine is down writes back off and nothing is lost; it drains when the engine returns', async () => {
    const { engine, state } = flakyEngine(createEmbeddedEngine(t.db, { now }));
    await t.db.insert(outbox).values(NAMED.slice(0, 4).map((p) => ({ aggregateId: p.id, availableAt: new Date('2026-01-01') })));
    state.down = true;
    const failed = await drainOutbox(t.db, engine, { now });
    expect(failed.failed).toBe(4);
    expect(failed.lastError).toContain('ECONNREFUSED');
    const rows = await t.db.select().from(outbox);
    for (const row of rows) {
      expect(row.attempts).toBe(1);
      expect(row.processedAt).toBeNull();
      expect(row.lastError).toContain('ECONNREFUSED');
      expect(row.availableAt.getTime()).toBe(clock.getTime() + backoffMs(1));
    }
    const health = await getSystemHealth(t.db, { engine });
    expect(health.status).toBe('degraded');
    expect(health.backlog).toMatchObject({ pending: 4, failing: 4 });

    // Before the backoff ends nothing is retried, even with the engine back.
    state.down = false;
    expect((await drainOutbox(t.db, engine, { now })).processed).toBe(0);
    clock = new Date(clock.getTime() + backoffMs(1) + 1);
    expect((await drainOutbox(t.db, engine, { now })).processed).toBe(4);
    expect(new Set(state.indexed)).toEqual(new Set(NAMED.slice(0, 4).map((p) => p.id)));
    const after = await getSystemHealth(t.db, { engine });
    expect(after.backlog).toMatchObject({ pending: 0, failing: 0 });
    expect(after.status).toBe('ok');
    expect(after.engine.documents).toBe(4);
  });

  test('stopAfterShortBatch (the in-process indexer): rows written during a pass wait for the next round; a backlog still drains in full batches', async () => {
    const inner = createEmbeddedEngine(t.db, { now });
    let arrivals = 0;
    // An import lands while the first batch is being indexed.
    const engine: SearchEngine = {
      ...inner,
      kind: inner.kind,
      async indexPeople(docs: PersonDoc[]) {
        if (arrivals++ === 0) await t.db.insert(outbox).values({ aggregateId: NAMED[0]!.id, availableAt: new Date('2026-01-01') });
        await inner.indexPeople(docs);
      },
    };
    await t.db.insert(outbox).values(NAMED.slice(0, 2).map((p) => ({ aggregateId: p.id, availableAt: new Date('2026-01-01') })));
    const first = await drainOutbox(t.db, engine, { batchSize: 3, now, stopAfterShortBatch: true });
    expect(first).toMatchObject({ batches: 1, processed: 2, failed: 0 });
    const pending = async () => rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from outbox where processed_at is null`))[0]!.n;
    expect(await pending()).toBe(1);
    expect((await drainOutbox(t.db, engine, { batchSize: 3, now, stopAfterShortBatch: true })).processed).toBe(1);
    expect(await pending()).toBe(0);

    // Without the option the same arrival is taken in the same call (the default, for commands and tests).
    arrivals = 0;
    await t.db.insert(outbox).values(NAMED.slice(0, 2).map((p) => ({ aggregateId: p.id, availableAt: new Date('2026-01-01') })));
    expect(await drainOutbox(t.db, engine, { batchSize: 3, now })).toMatchObject({ batches: 2, processed: 3 });

    // A backlog: full batches go on, the short last one ends the round with nothing left.
    await t.db.insert(outbox).values(NAMED.slice(0, 7).map((p) => ({ aggregateId: p.id, availableAt: new Date('2026-01-01') })));
    arrivals = 1;
    expect(await drainOutbox(t.db, engine, { batchSize: 3, now, stopAfterShortBatch: true })).toMatchObject({ batches: 3, processed: 7 });
    expect(await pending()).toBe(0);
  });

  test('backoff grows exponentially and is capped', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([2000, 4000, 8000, 16000]);
    expect(backoffMs(50)).toBe(15 * 60_000);
  });

  test('two workers draining at once never index the same row twice', async () => {
    const { engine, state } = flakyEngine(createEmbeddedEngine(t.db, { now }));
    await t.db.insert(outbox).values(NAMED.map((p) => ({ aggregateId: p.id, availableAt: new Date('2026-01-01') })));
    const [a, b] = await Promise.all([drainOutbox(t.db, engine, { batchSize: 3, now }), drainOutbox(t.db, engine, { batchSize: 3, now })]);
    expect(a.processed + b.processed).toBe(NAMED.length);
    expect(state.indexed.slice().sort()).toEqual(NAMED.map((p) => p.id).sort());
  });

  test('claimed rows are leased: another worker does not take them until the lease ends', async () => {
    const { engine } = flakyEngine(createEmbeddedEngine(t.db, { now }));
    await t.db.insert(outbox).values({ aggregateId: 'n-cross', availableAt: new Date('2026-01-01') });
    // Simulate a worker that claimed the row and crashed: available_at in the future, not processed.
    await t.db.execute(sql`update outbox set available_at = ${new Date(clock.getTime() + 60_000).toISOString()}::timestamptz`);
    expect((await drainOutbox(t.db, engine, { now })).processed).toBe(0);
    clock = new Date(clock.getTime() + 61_000);
    expect((await drainOutbox(t.db, engine, { now })).processed).toBe(1);
  });

  test('at the start of an embedded server, rows leased or backed off by its previous run are due at once', async () => {
    const { engine } = flakyEngine(createEmbeddedEngine(t.db, { now }));
    const later = new Date(clock.getTime() + 5 * 60_000);
    await t.db.insert(outbox).values([
      { aggregateId: 'n-cross', availableAt: later },
      { aggregateId: 'n-emp-stay', availableAt: later, attempts: 2 },
      { aggregateId: 'n-hidden', availableAt: new Date('2026-01-01'), processedAt: new Date('2026-01-02') },
    ]);
    expect((await drainOutbox(t.db, engine, { now })).processed).toBe(0);
    expect(await releaseLeasesAtStart(t.db, clock)).toBe(2);
    // A processed row is left alone, and a second call finds nothing to release.
    expect(await releaseLeasesAtStart(t.db, clock)).toBe(0);
    expect((await drainOutbox(t.db, engine, { now })).processed).toBe(2);
  });

  test('reindexAll rebuilds from the database with progress, and replays later outbox rows', async () => {
    const engine = createEmbeddedEngine(t.db, { now });
    await engine.indexPeople([
      { personId: 'ghost', kind: 'candidate', name: 'Ghost', email: '', headline: '', location: '', departmentId: null, currentRole: '', currentRoleProfileId: null, openToMobility: false, searchable: true, skills: [], credentialNames: [], skillNames: [], issuerIds: [], issuerNames: [], verifiedCredentialCount: 0, lastVerifiedAt: null, verifiedCredentialDates: [], updatedAt: '' },
    ]);
    await t.db.insert(outbox).values({ aggregateId: 'n-cross', processedAt: new Date() });
    const progress: ReindexProgress[] = [];
    const { total } = await reindexAll(t.db, engine, (p) => progress.push(p));
    expect(total).toBe(NAMED.length);
    expect(progress[0]?.phase).toBe('creating');
    expect(progress.at(-1)).toEqual({ phase: 'done', done: NAMED.length, total: NAMED.length });
    expect(progress.some((p) => p.phase === 'indexing' && p.done === NAMED.length)).toBe(true);
    const r = await engine.search(searchQuerySchema.parse({ requirements: [{ skill: PY, minLevel: 1 }], pageSize: 100 }), all);
    expect(r.hits.map((h) => h.personId)).not.toContain('ghost');
    expect((await engine.search(everyone, all)).total).toBe(NAMED.length);
    // The outbox row that existed before the reindex stays processed; none were written during it.
    const pending = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from outbox where processed_at is null`))[0];
    expect(pending?.n).toBe(0);
  });

  test('the embedded engine vacuums its tables after enough written documents (PGlite has no autovacuum)', async () => {
    const engine = createEmbeddedEngine(t.db, { now, vacuumAfterWrites: 20 });
    const docs = await loadPersonDocs(t.db, NAMED.map((p) => p.id));
    const vacuums = async () =>
      Number(rowsOf<{ n: number }>(await t.db.execute(sql`select vacuum_count::int as n from pg_stat_user_tables where relname = 'search_doc_facets'`))[0]?.n ?? 0);
    const before = await vacuums();
    await engine.indexPeople(docs.slice(0, 10));
    expect(await vacuums()).toBe(before);
    await engine.indexPeople(docs);
    // Server statistics are reported asynchronously: wait for the count rather than read it once.
    await expect.poll(vacuums, { timeout: 5000 }).toBe(before + 1);
    expect((await engine.search(everyone, all)).total).toBe(docs.length);
  });

  test('vacuums scale with the index: a fifth of the documents at the last vacuum, when that is more than the fixed count', async () => {
    const engine = createEmbeddedEngine(t.db, { now, vacuumAfterWrites: 2 });
    const docs = await loadPersonDocs(t.db, NAMED.map((p) => p.id));
    const vacuums = async () =>
      Number(rowsOf<{ n: number }>(await t.db.execute(sql`select vacuum_count::int as n from pg_stat_user_tables where relname = 'search_doc_facets'`))[0]?.n ?? 0);
    // Everyone written: a vacuum, which notes the index's size (22 documents, so the next one is due after 4.4 writes, not 2).
    const first = await vacuums();
    await engine.indexPeople(docs);
    await expect.poll(vacuums, { timeout: 5000 }).toBeGreaterThan(first);
    const before = await vacuums();
    await engine.indexPeople(docs.slice(0, 3));
    await engine.indexPeople(docs.slice(3, 5));
    // One vacuum for the 5 writes (a fixed count of 2 made it two: after 3, and after 2 more).
    await expect.poll(vacuums, { timeout: 5000 }).toBe(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await vacuums()).toBe(before + 1);
  });

  test('bootstrap builds an empty index once, and not again', async () => {
    const engine = createEmbeddedEngine(t.db, { now });
    expect(await bootstrapIndex(t.db, engine)).toBe(true);
    expect((await engine.health()).documents).toBe(NAMED.length);
    expect(await bootstrapIndex(t.db, engine)).toBe(false);
  });

  test('health reports a broken database as down', async () => {
    const broken = { execute: async () => Promise.reject(new Error('connection refused')) } as unknown as TestDatabase['db'];
    const h = await getSystemHealth(broken);
    expect(h.status).toBe('down');
    expect(h.database.ok).toBe(false);
  });
});
