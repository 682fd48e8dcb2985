// queryWithLocalSettings (issue 12 item 6): one round trip over node-postgres (the web server's PGlite
// worker, a Postgres server), settings local to the statement and gone after it, errors answered
// without breaking the connection; in-process PGlite keeps a transaction.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { countRoundTrips, createTestDatabase, testDatabaseKinds } from '../../test/databases';
import { openDatabase, rowsOf, type DbHandle } from './client';
import { queryPrepared, queryWithLocalSettings } from './local-settings';

type Case = { name: string; open: () => Promise<DbHandle>; roundTrips: number | null };
const roots: string[] = [];
const cases: Case[] = [
  { name: 'in-process PGlite (a transaction)', open: () => createTestDatabase('pglite'), roundTrips: null },
  {
    name: "the web server's PGlite worker (node-postgres over its socket)",
    open: async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'skillproof-settings-'));
      roots.push(root);
      const { migrateDatabase } = await import('./client');
      const handle = await openDatabase({ dataDir: path.join(root, 'data'), role: 'server', command: 'the local-settings test' });
      await migrateDatabase(handle);
      return handle;
    },
    roundTrips: 1,
  },
];
if (testDatabaseKinds.includes('postgres')) cases.push({ name: 'Postgres (node-postgres)', open: () => createTestDatabase('postgres'), roundTrips: 1 });

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});


describe.each(cases)('queryWithLocalSettings on $name', ({ open, roundTrips }) => {
  test('the settings hold for the statement only, in one round trip over node-postgres', async () => {
    const handle = await open();
    try {
      const settings = { work_mem: '32MB', jit: 'off' };
      const { value: rows, trips: calls } = await countRoundTrips(() =>
        queryWithLocalSettings<{ work_mem: string; n: number }>(handle.db, settings, sql`select current_setting('work_mem') as work_mem, ${41}::int + 1 as n`),
      );
      expect(rows).toEqual([{ work_mem: '32MB', n: 42 }]);
      if (roundTrips !== null) expect(calls).toBe(roundTrips);
      // Local to that statement's (implicit) transaction: every connection is back at the default.
      for (let i = 0; i < 3; i++) {
        expect(rowsOf<{ w: string }>(await handle.db.execute(sql`select current_setting('work_mem') as w`))[0]?.w).toBe('4MB');
      }
    } finally {
      await handle.close();
    }
  }, 120_000);

  test('an error in the statement rejects with the database error and leaves the pool usable', async () => {
    const handle = await open();
    try {
      const failing = queryWithLocalSettings(handle.db, { work_mem: '32MB' }, sql`select 1 / (${0}::int) as x`);
      // drizzle wraps the driver's error (cause); the pipeline rejects with pg's own.
      const error = (await failing.catch((err: unknown) => err)) as { code?: string; cause?: { code?: string } };
      expect(error.code ?? error.cause?.code).toBe('22012');
      // Again and again: a connection left mid-exchange would hang or answer the wrong query here.
      for (let i = 0; i < 12; i++) {
        const rows = await queryWithLocalSettings<{ i: number; w: string }>(handle.db, { work_mem: '16MB' }, sql`select ${i}::int as i, current_setting('work_mem') as w`);
        expect(rows).toEqual([{ i, w: '16MB' }]);
      }
      expect(rowsOf<{ w: string }>(await handle.db.execute(sql`select current_setting('work_mem') as w`))[0]?.w).toBe('4MB');
    } finally {
      await handle.close();
    }
  }, 120_000);
});

describe.each(cases.filter((c) => c.roundTrips !== null))('queryWithLocalSettings, prepared, on $name', ({ open }) => {
  test('parsed once per connection, not per run; answers and local settings unchanged; connections sharing a backend never collide', async () => {
    const handle = await open();
    const parses: string[] = [];
    type Parse = (config: { name?: string }) => void;
    const connection = pg.Connection.prototype as unknown as { parse: Parse };
    const original = connection.parse;
    connection.parse = function counted(this: unknown, config) {
      if (config.name) parses.push(config.name);
      return original.call(this, config);
    };
    try {
      const settings = { work_mem: '16MB', plan_cache_mode: 'force_custom_plan' };
      const statement = (i: number) => sql`select ${i}::int as i, current_setting('work_mem') as w, current_setting('plan_cache_mode') as m`;
      // Ten at once, three times: every pooled connection runs the same text. On the PGlite worker they
      // all reach one backend, where one name for two connections would be refused (42P05).
      for (let round = 0; round < 3; round++) {
        const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => queryWithLocalSettings(handle.db, settings, statement(i), { prepared: true })));
        answers.forEach((rows, i) => expect(rows).toEqual([{ i, w: '16MB', m: 'force_custom_plan' }]));
      }
      // One Parse per connection that ran it (the pool holds 10), not one per run (30).
      expect(parses.length).toBeGreaterThan(0);
      expect(parses.length).toBeLessThanOrEqual(10);
      expect(new Set(parses).size).toBe(parses.length);
      expect(rowsOf<{ w: string }>(await handle.db.execute(sql`select current_setting('work_mem') as w`))[0]?.w).toBe('4MB');
      // An error: rejected with the database's error, that connection dropped, the next runs answer.
      const error = (await queryWithLocalSettings(handle.db, settings, sql`select 1 / (${0}::int) as x`, { prepared: true }).catch((err: unknown) => err)) as { code?: string };
      expect(error.code).toBe('22012');
      for (let i = 0; i < 12; i++) expect(await queryWithLocalSettings(handle.db, settings, statement(i), { prepared: true })).toEqual([{ i, w: '16MB', m: 'force_custom_plan' }]);
    } finally {
      connection.parse = original;
      await handle.close();
    }
  }, 120_000);
});

describe.each(cases)('queryPrepared on $name', ({ open, roundTrips }) => {
  test('over node-postgres parsed once per connection and then planned generically; the same rows as a plain statement; an error drops only its connection', async () => {
    const handle = await open();
    const parses: string[] = [];
    type Parse = (config: { name?: string }) => void;
    const connection = pg.Connection.prototype as unknown as { parse: Parse };
    const original = connection.parse;
    connection.parse = function counted(this: unknown, config) {
      if (config.name) parses.push(config.name);
      return original.call(this, config);
    };
    try {
      await handle.db.execute(sql`create table qp_people (id text primary key, name text not null, tags jsonb not null)`);
      await handle.db.execute(sql`insert into qp_people select 'p' || i, 'Person ' || i, jsonb_build_array(i, 'x') from generate_series(1, 20) as i`);
      const statement = (i: number) => sql`select id, name as "displayName", tags, (select count(*)::int from qp_people q where q.id <= p.id) as n from qp_people p where p.id = ${`p${i}`}`;
      // Ten at once, three times: on the PGlite worker every connection reaches one backend, where one
      // name for two connections would be refused (42P05).
      for (let round = 0; round < 3; round++) {
        const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => queryPrepared(handle.db, statement(i + 1))));
        for (const [i, rows] of answers.entries()) expect(rows).toEqual(rowsOf(await handle.db.execute(statement(i + 1))));
        expect(answers[0]).toEqual([{ id: 'p1', displayName: 'Person 1', tags: [1, 'x'], n: 1 }]);
      }
      if (roundTrips === null) {
        expect(parses).toEqual([]);
        return;
      }
      // One Parse per connection that ran it (the pool holds 10), not one per run (30), never one name twice.
      expect(parses.length).toBeGreaterThan(0);
      expect(parses.length).toBeLessThanOrEqual(10);
      expect(new Set(parses).size).toBe(parses.length);
      // After five runs on a connection Postgres plans a primary-key lookup generically: no planning per run.
      for (let i = 0; i < 60; i++) await queryPrepared(handle.db, statement((i % 20) + 1));
      const plans = rowsOf<{ generic: number }>(
        await handle.db.execute(sql`select coalesce(sum(generic_plans), 0)::int as generic from pg_prepared_statements where statement like '%from qp_people p where p.id =%'`),
      )[0];
      expect(plans?.generic).toBeGreaterThan(0);
      const error = (await queryPrepared(handle.db, sql`select 1 / (${0}::int) as x`).catch((err: unknown) => err)) as { code?: string };
      expect(error.code).toBe('22012');
      for (let i = 1; i <= 12; i++) expect((await queryPrepared<{ id: string }>(handle.db, statement(i)))[0]?.id).toBe(`p${i}`);
    } finally {
      connection.parse = original;
      await handle.close();
    }
  }, 120_000);
});

describe("queryWithLocalSettings, prepared, on the web server's PGlite worker (one backend for every connection)", () => {
  test('statements named by a connection the pool drops are deallocated, so churn never piles them up', async () => {
    const handle = await cases[1]!.open();
    try {
      const pool = (handle.db as unknown as { $client: pg.Pool }).$client;
      const named = async () => rowsOf<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from pg_prepared_statements where name like ${`sp${process.pid}\\_%`}`))[0]!.n;
      const settings = { work_mem: '16MB' };
      const run = () => Promise.all(Array.from({ length: 10 }, (_, i) => Promise.all([
        queryWithLocalSettings(handle.db, settings, sql`select ${i}::int as i`, { prepared: true }),
        queryWithLocalSettings(handle.db, settings, sql`select ${i}::int as j, 2 as k`, { prepared: true }),
      ])));
      // Dropping every idle connection, as the pool's idle timeout (or an error) does.
      const dropAll = async () => {
        const clients = await Promise.all(Array.from({ length: pool.idleCount }, () => pool.connect()));
        for (const c of clients) c.release(true);
        // The deallocation runs on another connection after the removal: wait for it.
        for (let i = 0; i < 100 && (await named()) > 0; i++) await new Promise((r) => setTimeout(r, 20));
      };
      await run();
      expect(await named()).toBeGreaterThan(0);
      await dropAll();
      expect(await named()).toBe(0);
      // New connections name their statements afresh, and the backend still holds no more than they made.
      await run();
      const again = await named();
      expect(again).toBeGreaterThan(0);
      expect(again).toBeLessThanOrEqual(2 * 10);
      await dropAll();
      expect(await named()).toBe(0);
    } finally {
      await handle.close();
    }
  }, 120_000);
});

describe.each(cases.filter((c) => c.roundTrips !== null))('queryWithLocalSettings, prepared, two copies of the module (as Next bundles it), on $name', ({ open }) => {
  test('names stay unique per process: two copies never name two statements alike', async () => {
    const handle = await open();
    try {
      vi.resetModules();
      const copyA = (await import('./local-settings')).queryWithLocalSettings;
      vi.resetModules();
      const copyB = (await import('./local-settings')).queryWithLocalSettings;
      expect(copyA).not.toBe(copyB);
      const settings = { work_mem: '16MB' };
      for (let round = 0; round < 3; round++) {
        const answers = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            Promise.all([copyA(handle.db, settings, sql`select ${i}::int as a`, { prepared: true }), copyB(handle.db, settings, sql`select ${i}::int as b, 1 as c`, { prepared: true })]),
          ),
        );
        answers.forEach(([a, b], i) => expect([a, b]).toEqual([[{ a: i }], [{ b: i, c: 1 }]]));
      }
    } finally {
      await handle.close();
    }
  }, 120_000);
});

describe.runIf(testDatabaseKinds.includes('postgres'))('on a Postgres server', () => {
  test('statement_timeout set in the same exchange cancels the statement (57014)', async () => {
    const handle = await createTestDatabase('postgres');
    try {
      const slow = queryWithLocalSettings(handle.db, { statement_timeout: '100' }, sql`select pg_sleep(${5}::float8)`);
      await expect(slow).rejects.toMatchObject({ code: '57014' });
      expect(rowsOf<{ t: string }>(await handle.db.execute(sql`select current_setting('statement_timeout') as t`))[0]?.t).toBe('0');
    } finally {
      await handle.close();
    }
  }, 60_000);
});
