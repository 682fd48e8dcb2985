// What one people search costs the database on the web server's path (issue 12 item 6): node-postgres
// to the PGlite worker's socket (the embedded default) or to a Postgres server. A search with its
// skills checked used to be nine statements (skills check, BEGIN, settings, skill keys, the search,
// COMMIT, two reads for the page's breakdowns; plus the session); now, warm, it is ONE round trip.
// The caches that make that possible (skill keys, cell totals) must never serve a stale answer: every
// search here is compared with the domain oracle after writes by this process and by "another" one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { countRoundTrips, createTestDatabase, testDatabaseKinds } from '../../test/databases';
import { migrateDatabase, openDatabase, rowsOf, type DbHandle } from '../db/client';
import { isAppError } from '../domain/app-error';
import { visibilityScope, type Actor } from '../domain/permissions';
import { searchQuerySchema, type SearchQueryInput } from '../domain/search-query';
import { searchPeople } from '../data/search-people';
import { CORPUS_NOW, generatedPeople, insertCorpus, ML, NAMED, PY, referenceSearch, SQLS, UR, VIZ } from './contract-corpus';
import { createEmbeddedEngine } from './embedded-engine';
import type { PersonDoc, SearchEngine } from './engine';
import { loadPersonDocs } from './person-docs';

const recruiter: Actor = { id: 'u-rec', role: 'recruiter', departmentId: null };
const scope = visibilityScope(recruiter);
const roots: string[] = [];

const cases: { name: string; open: () => Promise<DbHandle> }[] = [
  {
    name: "the web server's PGlite worker",
    open: async () => {
      const root = mkdtempSync(path.join(tmpdir(), 'skillproof-search-trips-'));
      roots.push(root);
      const handle = await openDatabase({ dataDir: path.join(root, 'data'), role: 'server', command: 'the search round-trip test' });
      await migrateDatabase(handle);
      return handle;
    },
  },
];
if (testDatabaseKinds.includes('postgres')) cases.push({ name: 'Postgres', open: () => createTestDatabase('postgres') });

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});


/** The load benchmark's kind of search: optional and essential requirements, skill and department facets. */
const QUERIES: SearchQueryInput[] = [
  { requirements: [{ skill: PY, minLevel: 2, essential: false }, { skill: VIZ, minLevel: 1, essential: false }], pageSize: 20, facets: ['skill', 'department'] },
  { requirements: [{ skill: SQLS, minLevel: 1, essential: true }, { skill: ML, minLevel: 3, essential: false }], pageSize: 20, facets: ['skill', 'department'] },
  { requirements: [{ skill: UR, minLevel: 2 }], pageSize: 20, facets: ['skill', 'department'] },
];

describe.each(cases)('a people search on $name', ({ open }) => {
  let handle: DbHandle;
  let docs: PersonDoc[];
  let engine: SearchEngine;
  const paths: string[] = [];
  const search = (input: SearchQueryInput) => searchPeople(recruiter, input, { db: handle.db, engine });
  const oracle = (input: SearchQueryInput, people = docs) => referenceSearch(people, searchQuerySchema.parse(input), scope);

  beforeAll(async () => {
    handle = await open();
    const specs = [...NAMED, ...generatedPeople(60)];
    await insertCorpus(handle.db, specs);
    docs = await loadPersonDocs(handle.db, specs.map((p) => p.id));
    engine = createEmbeddedEngine(handle.db, { now: () => CORPUS_NOW, onFacetPath: (p) => paths.push(p) });
    await engine.indexPeople(docs);
  }, 180_000);

  afterAll(async () => {
    await handle?.close();
  });

  test('warm, a search with its skills checked is one round trip, and exact', async () => {
    for (const input of QUERIES) await search(input);
    for (const input of QUERIES) {
      const { value, trips } = await countRoundTrips(() => search(input));
      expect(trips).toBe(1);
      expect(value).toEqual(oracle(input));
    }
  }, 60_000);

  test('repeated searches of one shape: on a Postgres server over a small index they run on a generic plan, on PGlite never; answers stay exact', async () => {
    // One at a time, so the pool hands out the same connection (its idle list is last in, first out)
    // and pg_prepared_statements (per backend) below is that connection's.
    for (let i = 0; i < 8; i++) {
      for (const input of QUERIES) expect(await search(input)).toEqual(oracle(input));
    }
    const [plans] = rowsOf<{ generic: number; custom: number }>(
      await handle.db.execute(sql`select coalesce(sum(generic_plans), 0)::int as generic, coalesce(sum(custom_plans), 0)::int as custom from pg_prepared_statements where name like 'sp%'`),
    );
    expect(plans!.custom + plans!.generic).toBeGreaterThan(0);
    if (handle.kind === 'postgres') expect(plans!.generic).toBeGreaterThan(0);
    else expect([plans!.generic, plans!.custom > 0]).toEqual([0, true]);
  }, 60_000);

  test('whole-cell searches that differ only in a cell filter do not share their kept sums and buckets', async () => {
    // Each answered from the cell totals ('cells'), the second time from the sums and buckets kept
    // for its scope and filters: a key that missed a filter would hand one query another's facets.
    const base = { requirements: [{ skill: PY, minLevel: 2, essential: false }], pageSize: 5, facets: ['skill' as const, 'department' as const, 'kind' as const, 'location' as const, 'issuer' as const] };
    const variants: SearchQueryInput[] = [
      base,
      { ...base, filters: { location: ['London'] } },
      { ...base, filters: { location: ['Leeds'] } },
      { ...base, filters: { location: ['Leeds', 'London'] } },
      { ...base, filters: { kind: ['candidate'] } },
      { ...base, filters: { kind: ['employee'] } },
      { ...base, filters: { openToMobility: true } },
      { ...base, filters: { openToMobility: false } },
      { ...base, filters: { verifiedOnly: false, location: ['London'] } },
    ];
    for (let round = 0; round < 2; round++) {
      for (const input of variants) {
        paths.length = 0;
        expect(await search(input)).toEqual(oracle(input));
        expect(paths).toContain('cells');
      }
    }
  }, 60_000);

  test('an unknown skill is still a 422 naming it, checked in the same statement', async () => {
    const input = { requirements: [{ skill: PY, minLevel: 1 }, { skill: 'onet:cobol-9000', minLevel: 2, essential: false, related: ['onet:fortran-77'] }] };
    for (let i = 0; i < 2; i++) {
      const { value: err, trips } = await countRoundTrips(() => search(input).catch((e: unknown) => e));
      expect(isAppError(err) && [err.status, err.fieldErrors]).toEqual([
        422,
        { 'requirements.1.skill': ['unknown skill "onet:cobol-9000"'], 'requirements.1.related': ['unknown skill "onet:fortran-77"'] },
      ]);
      // Ids the taxonomy lacks are never remembered (requests choose them: the cache must stay
      // bounded), so their keys are looked up every time: the 422's price, not a search's.
      expect(trips).toBe(2);
    }
  }, 60_000);

  test('a taxonomy skill that nobody holds is remembered as having no key: one round trip', async () => {
    await handle.db.execute(sql`insert into skills (id, name, framework) values ('onet:abacus', 'Abacus', 'O*NET') on conflict do nothing`);
    const input = { requirements: [{ skill: 'onet:abacus', minLevel: 1, essential: false }, { skill: PY, minLevel: 2, essential: false }], pageSize: 20, facets: ['skill' as const, 'department' as const] };
    const first = await countRoundTrips(() => search(input));
    expect(first.trips).toBe(2);
    expect(first.value).toEqual(oracle(input));
    const again = await countRoundTrips(() => search(input));
    expect(again.trips).toBe(1);
    expect(again.value).toEqual(oracle(input));
  }, 60_000);

  test('a write by this process is seen by the next search: the write patched the totals, still one round trip', async () => {
    const input = QUERIES[0]!;
    await search(input);
    const gone = docs.find((d) => d.personId === 'n-cross')!;
    await engine.deletePeople([gone.personId]);
    paths.length = 0;
    const { value: after, trips } = await countRoundTrips(() => search(input));
    expect(after).toEqual(oracle(input, docs.filter((d) => d !== gone)));
    // The delete counted its one cell again in its own transaction; the search used the patched
    // totals (before: 'filled', a whole count first, two round trips).
    expect(paths).not.toContain('filled');
    expect(paths).toContain('cells');
    expect(trips).toBe(1);
    await engine.indexPeople([gone]);
    paths.length = 0;
    expect(await search(input)).toEqual(oracle(input));
    expect(paths).not.toContain('filled');
  }, 60_000);

  test('a write through another copy of this module (Next bundles the indexer apart from the routes) patches the same totals', async () => {
    const input = QUERIES[0]!;
    await search(input);
    vi.resetModules();
    const other = await import('./embedded-engine');
    expect(other.createEmbeddedEngine).not.toBe(createEmbeddedEngine);
    const writer = other.createEmbeddedEngine(handle.db, { now: () => CORPUS_NOW });
    const gone = docs.find((d) => d.personId === 'n-both')!;
    await writer.deletePeople([gone.personId]);
    paths.length = 0;
    const { value: after, trips } = await countRoundTrips(() => search(input));
    expect(after).toEqual(oracle(input, docs.filter((d) => d !== gone)));
    // Before: this copy's totals looked current, its statement saw another index version, and the
    // totals were counted whole ('filled', two round trips).
    expect(paths).not.toContain('filled');
    expect(trips).toBe(1);
    await writer.indexPeople([gone]);
    paths.length = 0;
    expect(await search(input)).toEqual(oracle(input));
    expect(paths).not.toContain('filled');
  }, 60_000);

  test('a search whose statement sees a local write committed before this process has heard of it waits for its patch instead of counting', async () => {
    const input = QUERIES[0]!;
    await search(input);
    const gone = docs.find((d) => d.personId === 'n-cross')!;
    // The write's COMMIT is done in the database, but its answer reaches the engine 100 ms later (as
    // under load, when other answers are read first).
    let committed!: () => void;
    const commitDone = new Promise<void>((resolve) => (committed = resolve));
    const original = pg.Client.prototype.query as (...a: unknown[]) => unknown;
    pg.Client.prototype.query = function delayed(this: pg.Client, ...args: unknown[]) {
      const first = args[0] as string | { text?: string };
      const text = typeof first === 'string' ? first : (first?.text ?? '');
      const result = original.apply(this, args);
      if (text.trim().toLowerCase() !== 'commit' || !(result instanceof Promise)) return result;
      return result.then(async (value: unknown) => {
        committed();
        await new Promise((r) => setTimeout(r, 100));
        return value;
      });
    } as typeof pg.Client.prototype.query;
    try {
      const writing = engine.deletePeople([gone.personId]);
      await commitDone;
      paths.length = 0;
      const after = await search(input);
      await writing;
      expect(after).toEqual(oracle(input, docs.filter((d) => d !== gone)));
      // Before: its statement reported the new version, the cached totals were the old ones, and it
      // counted them whole (about once per import in the Postgres load mix).
      expect(paths).not.toContain('filled');
    } finally {
      pg.Client.prototype.query = original as typeof pg.Client.prototype.query;
    }
    await engine.indexPeople([gone]);
    expect(await search(input)).toEqual(oracle(input));
  }, 60_000);

  test("another process's write (the index version moved) is seen too: stale totals are never used", async () => {
    for (const input of QUERIES) await search(input);
    // What another process (a CLI reindex) does when a person is gone: the engine's own deletes, run
    // here by hand so that this process's engine does not know (no local write recorded).
    const someone = docs.find((d) => d.personId === 'n-both')!;
    const docNo = sql`(select doc_no from search_documents where person_id = ${someone.personId})`;
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`delete from search_skill_facts where doc_no = ${docNo}`);
      await tx.execute(sql`delete from search_doc_facets where doc_no = ${docNo}`);
      await tx.execute(sql`delete from search_doc_text where doc_no = ${docNo}`);
      await tx.execute(sql`delete from search_document_skills where person_id = ${someone.personId}`);
      await tx.execute(sql`delete from search_documents where person_id = ${someone.personId}`);
    });
    paths.length = 0;
    for (const input of QUERIES) {
      expect(await search(input)).toEqual(oracle(input, docs.filter((d) => d !== someone)));
    }
    expect(paths).toContain('filled');
    await engine.indexPeople([someone]);
    for (const input of QUERIES) expect(await search(input)).toEqual(oracle(input));
  }, 60_000);

  test('skill keys assigned anew (the index emptied and rebuilt) are picked up, not served from the cache', async () => {
    for (const input of QUERIES) await search(input);
    await engine.deletePeople(docs.map((d) => d.personId));
    await handle.db.execute(sql`delete from search_skill_keys`);
    // Rebuilt in another order: every skill gets a new key.
    await engine.indexPeople([...docs].reverse());
    for (const input of QUERIES) expect(await search(input)).toEqual(oracle(input));
  }, 120_000);
});
