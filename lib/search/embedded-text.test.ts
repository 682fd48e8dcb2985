// The embedded engine's text path at the statement level. prepareText resolves a query's tolerant
// words against the index before the search statement. A word in no document (every typo) used to be checked with an array subquery over
// search_doc_text that the planner ran as a sequential scan of every document's terms: 300-900 ms at
// 100,000 people for each typo. These tests hold what it decides (the expansions) and how: a word
// without keys is never looked for in search_doc_text, and a word with keys is probed on the GIN
// index with constant keys. Then every shape of text expression (anchored semi-joins, NOT, long
// phrases) against the domain oracle.
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { rowsOf, type DbOrTx } from '../db/client';
import { visibilityScope } from '../domain/permissions';
import { searchQuerySchema } from '../domain/search-query';
import { CORPUS_NOW, generatedPeople, insertCorpus, NAMED, PY, referenceSearch } from './contract-corpus';
import { createEmbeddedEngine, prepareText } from './embedded-engine';
import type { PersonDoc } from './engine';
import { loadPersonDocs } from './person-docs';
import { queryTextExpr } from './text-tokens';

/** The database, recording every statement run through it. */
function recording(db: DbOrTx): { db: DbOrTx; statements: SQL[] } {
  const statements: SQL[] = [];
  const proxy = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'execute') {
        return (query: SQL) => {
          statements.push(query);
          return target.execute(query);
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { db: proxy, statements };
}

const dialect = new PgDialect();
const mentionsDocText = (statement: SQL) => dialect.sqlToQuery(statement).sql.includes('search_doc_text');

describe.each(testDatabaseKinds)('prepareText on %s', (kind) => {
  let t: TestDatabase;
  let base: PersonDoc;
  let indexed: PersonDoc[];

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const people = [...NAMED, ...generatedPeople(60)];
    await insertCorpus(t.db, people);
    const docs = await loadPersonDocs(t.db, people.map((p) => p.id));
    base = docs[0]!;
    const engine = createEmbeddedEngine(t.db);
    indexed = [
      ...docs,
      { ...base, personId: 'prep-smyth', name: 'Quentin Smyth' },
      { ...base, personId: 'prep-zorblux', name: 'Quentin Zorblux' },
      // Phrases longer than the indexed runs (3 words) are narrowed by their runs, then matched on the text.
      { ...base, personId: 'prep-long', name: 'Rhea Long', headline: 'Senior Lead Data Platform Engineer', location: 'Leeds' },
      { ...base, personId: 'prep-scrambled', name: 'Rhea Short', headline: 'Platform Engineer, Lead Data', location: 'London' },
    ];
    await engine.indexPeople([...indexed, { ...base, personId: 'prep-gone', name: 'Quentin Zorblax' }]);
    // "zorblax" keeps its keys in search_text_keys, but no document has it any more.
    await engine.deletePeople(['prep-gone']);
    // Enough rows that the planner's choice between the GIN index and a scan is a real one.
    await t.db.execute(sql`analyze search_doc_text`);
  });
  afterAll(async () => {
    await t?.close();
  });

  test('a typo is expanded to the words within its budget and never looked for in search_doc_text', async () => {
    const { db, statements } = recording(t.db);
    const prepared = await prepareText(db, queryTextExpr('quentn'));
    expect(prepared.expansions.get('quentn')).toEqual(['quentn', 'quentin']);
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((s) => mentionsDocText(s))).toEqual([]);
  });

  test('a word some document has as typed gets no typo expansion, and is probed on the GIN index with constant keys', async () => {
    const { db, statements } = recording(t.db);
    const prepared = await prepareText(db, queryTextExpr('smyth'));
    // "smith" is one edit away, but "smyth" is indexed as typed: no typo expansion (as Elasticsearch's engine).
    expect(prepared.expansions.get('smyth')).toEqual(['smyth']);
    const probes = statements.filter((s) => mentionsDocText(s));
    expect(probes).toHaveLength(1);
    // In a transaction, so the setting and the EXPLAIN share one connection on a Postgres pool.
    const plan = await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return rowsOf<Record<string, string>>(await tx.execute(sql`explain ${probes[0]!}`))
        .map((r) => Object.values(r)[0])
        .join('\n');
    });
    // Constant keys: the GIN index can answer it (an array subquery's keys could not be estimated).
    expect(plan).toContain('search_doc_text_terms_idx');
    expect(plan).toMatch(/terms && '\{\d+(,\d+)*\}'::integer\[\]/);
  });

  test('a word whose documents were all deleted (its key is kept) counts as not indexed and is expanded', async () => {
    const keys = rowsOf<{ n: number }>(await t.db.execute(sql`select count(*)::int as n from search_text_keys where term = 'n:zorblax'`))[0]!;
    expect(Number(keys.n)).toBe(1);
    const prepared = await prepareText(t.db, queryTextExpr('zorblax'));
    expect(prepared.expansions.get('zorblax')).toEqual(['zorblax', 'zorblux']);
    // And the kept key is looked up, but finds no document: the expression's only key is zorblux's.
    expect(prepared.termNos.has('n:zorblux')).toBe(true);
  });

  // The text condition is one semi-join per anchored (sub)expression, evaluated on each document's
  // terms row (ANDs and ORs of words, NOT and long phrases checked on those rows), and is built from
  // its parts where a NOT is not anchored. Every shape against the domain oracle, under every scope.
  test.each([
    'data analyst',
    'data -senior -junior',
    'analyst OR -senior',
    '(data OR engineer) NOT (senior OR location:leeds)',
    'NOT (analyst OR engineer)',
    'NOT data NOT analyst',
    '"lead data platform engineer"',
    '"lead data platform engineer" -location:london',
    'quentin OR "senior lead data platform engineer"',
    'NOT "lead data platform engineer" platform',
    'quentn smyth',
    'zorblax OR (rhea -"platform engineer")',
  ])('text %j agrees with the domain oracle', async (text) => {
    const engine = createEmbeddedEngine(t.db, { now: () => CORPUS_NOW });
    // Each expression finds someone (an agreement on nobody would prove little).
    expect((await engine.search(searchQuerySchema.parse({ text }), visibilityScope({ id: 'u', role: 'hr', departmentId: null }))).total).toBeGreaterThan(0);
    for (const input of [
      { text, pageSize: 100, facets: ['skill', 'level', 'issuer', 'department', 'location', 'kind'] as const },
      { text, requirements: [{ skill: PY, minLevel: 2 }], pageSize: 100 },
      { text, requirements: [{ skill: PY, minLevel: 2, essential: false }], pageSize: 100, sort: 'name' as const },
    ]) {
      const query = searchQuerySchema.parse({ ...input, facets: input.facets ? [...input.facets] : [] });
      for (const role of ['hr', 'recruiter', 'manager'] as const) {
        const scope = visibilityScope({ id: 'u', role, departmentId: 'data' });
        expect(await engine.search(query, scope)).toEqual(referenceSearch(indexed, query, scope));
      }
    }
  });
});
