// A just-seeded folder is handed to the web server indexed, vacuumed and analysed (issue 12 item 6):
// before this, the server's indexer built the index and then indexed every seeded person twice more
// from the outbox during its first minute of serving, on tables PGlite had never analysed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { rowsOf } from '../db/client';
import { searchQuerySchema } from '../domain/search-query';
import { createEmbeddedEngine } from '../search/embedded-engine';
import { bootstrapIndex, drainOutbox } from '../search/indexer';
import { refreshSkillCooccurrenceIfDue } from '../search/skill-cooccurrence';
import { seedDemoOrganisation } from './seed-demo-organisation';
import { settleSeededDatabase } from './settle-seeded-database';

const NOW = new Date('2026-06-01T00:00:00Z');
const PEOPLE = 30;

describe.each(testDatabaseKinds)('settleSeededDatabase on %s', (kind) => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    dir = mkdtempSync(path.join(tmpdir(), 'skillproof-settle-'));
    await seedDemoOrganisation(t.db, { people: PEOPLE, seed: 7, now: NOW, dataDir: dir });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Tables of the app's schema without statistics (reltuples -1: never vacuumed or analysed).
  const unanalysed = async () =>
    rowsOf<{ relname: string }>(
      await t.db.execute(sql`select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' and c.reltuples < 0 order by 1`),
    ).map((r) => r.relname);
  /** Index entries a bitmap scan of a partial index of unprocessed outbox rows visits (live or dead); as in lib/db/outbox-vacuum.test.ts. */
  const entriesVisited = async () => {
    const plan = await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      await tx.execute(sql`set local enable_indexscan = off`);
      return rowsOf<Record<string, string>>(await tx.execute(sql`explain (analyze, costs off, timing off, summary off) select count(*) from outbox where processed_at is null`))
        .map((r) => Object.values(r)[0])
        .join('\n');
    });
    const match = /Bitmap Index Scan on outbox_(?:unprocessed|pending)_idx \(actual rows=([\d.]+)/.exec(plan);
    if (!match) throw new Error(`unexpected plan:\n${plan}`);
    return Number(match[1]);
  };
  const pending = async () => Number(rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from outbox where processed_at is null`))[0]!.n);

  test('the seed alone leaves work for the server: a pending outbox and tables never analysed (PGlite)', async () => {
    expect(await pending()).toBeGreaterThanOrEqual(PEOPLE);
    // Postgres' autovacuum may analyse behind the test's back; PGlite never does.
    if (kind === 'pglite') expect(await unanalysed()).toEqual(expect.arrayContaining(['people', 'credentials', 'person_skills', 'outbox']));
  });

  test('afterwards the index holds everyone, nothing is pending, every table is analysed, no dead outbox entries', async () => {
    const people = Number(rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from people`))[0]!.n);
    const settled = await settleSeededDatabase(t.db, { indexEmbedded: true });
    expect(settled.indexed).toBe(people);
    expect(settled.outboxSettled).toBeGreaterThanOrEqual(PEOPLE);
    expect(await pending()).toBe(0);
    expect(await unanalysed()).toEqual([]);
    // Vacuumed after the outbox's rows were marked: the scans of unprocessed rows (the health check's,
    // the indexer's claim) step over no dead entries (without it: one for every seeded outbox row).
    expect(await entriesVisited()).toBe(0);

    // What the web server's indexer then finds to do on its first tick: nothing.
    const engine = createEmbeddedEngine(t.db);
    expect(await bootstrapIndex(t.db, engine)).toBe(false);
    expect((await drainOutbox(t.db, engine)).processed).toBe(0);
    expect((await engine.health()).documents).toBe(people);
    // Nor are the related skills due (computed once, after the outbox was settled).
    expect(await refreshSkillCooccurrenceIfDue(t.db)).toBe(false);
    // And the index answers: a query without requirements finds every searchable seeded person.
    const searchable = Number(rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from people where searchable`))[0]!.n);
    expect((await engine.search(searchQuerySchema.parse({}), { all: true })).total).toBe(searchable);
  }, 120_000);
});
