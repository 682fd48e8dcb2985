// The embedded engine writes each document's text terms from TypeScript (documentTerms) instead of
// deriving them in SQL (search_doc_text_terms, migration 0016, which the migration's backfill still
// uses). Both must give the same terms, or text searches would find different people depending on
// whether a document was indexed before or after the upgrade.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { rowsOf } from '../db/client';
import { generatedPeople, insertCorpus, NAMED } from './contract-corpus';
import { createEmbeddedEngine } from './embedded-engine';
import type { PersonDoc } from './engine';
import { loadPersonDocs } from './person-docs';
import { documentTerms, documentText } from './text-tokens';

/** Documents whose text exercises the run boundaries: long values, repeated words and runs, empty fields. */
function edgeDocs(base: PersonDoc): PersonDoc[] {
  return [
    { ...base, personId: 'edge-long', name: 'Ana Maria de la Cruz Santos', headline: 'data data data data engineer', credentialNames: ['Data Data', 'Data Data'], skillNames: ['Data', 'data'] },
    { ...base, personId: 'edge-empty', name: '', headline: '', location: '', credentialNames: [], issuerNames: [], skillNames: [] },
    { ...base, personId: 'edge-marks', name: 'Zoë  O’Brien-Smith', headline: '  Lead, (Platform) — Engineer!! ', location: 'São Paulo', issuerNames: ['Gamma Université', 'gamma universite'] },
  ];
}

describe.each(testDatabaseKinds)('text terms written by the engine on %s', (kind) => {
  let t: TestDatabase;
  let docs: PersonDoc[];

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await insertCorpus(t.db, [...NAMED, ...generatedPeople(120)]);
    const loaded = await loadPersonDocs(t.db, [...NAMED.map((p) => p.id), ...generatedPeople(120).map((p) => p.id)]);
    docs = [...loaded, ...edgeDocs(loaded[0]!)];
    await createEmbeddedEngine(t.db).indexPeople(docs);
  });
  afterAll(async () => {
    await t?.close();
  });

  test('documentTerms equals what search_doc_text_terms derives from the stored field text, document by document', async () => {
    const rows = rowsOf<{ person_id: string; terms: string[] }>(
      await t.db.execute(sql`select d.person_id, array_agg(x.term order by x.term) as terms
        from search_doc_text_terms(array(select doc_no from search_documents)) x join search_documents d on d.doc_no = x.doc_no group by d.person_id`),
    );
    const fromSql = new Map(rows.map((r) => [r.person_id, r.terms]));
    const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
    for (const doc of docs) {
      const fromJs = documentTerms(documentText(doc)).sort(byteOrder);
      expect([doc.personId, fromJs]).toEqual([doc.personId, [...(fromSql.get(doc.personId) ?? [])].sort(byteOrder)]);
    }
    // The edge cases really have runs longer than one word and repeated ones (deduplicated).
    expect(documentTerms(documentText(docs.find((d) => d.personId === 'edge-long')!))).toContain('h:data data data');
    expect(documentTerms(documentText(docs.find((d) => d.personId === 'edge-empty')!))).toEqual([]);
  });

  test('the search_doc_text rows written equal those search_doc_text_fill writes (same term keys, empty documents included)', async () => {
    const written = rowsOf<{ doc_no: number; terms: number[] }>(await t.db.execute(sql`select doc_no, terms from search_doc_text order by doc_no`));
    expect(written).toHaveLength(docs.length);
    // Rewritten by the SQL definition (the last test here: the index may change).
    await t.db.execute(sql`delete from search_doc_text`);
    await t.db.execute(sql`select search_doc_text_fill(array(select doc_no from search_documents))`);
    const filled = rowsOf<{ doc_no: number; terms: number[] }>(await t.db.execute(sql`select doc_no, terms from search_doc_text order by doc_no`));
    expect(filled).toEqual(written);
    expect(written.some((r) => r.terms.length === 0)).toBe(true);
  });
});
