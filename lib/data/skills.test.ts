// The skill picker on a real database and the embedded engine (issue 13 item 3): skills people hold
// first, most held first, with counts the viewer's scope allows; unheld skills still offered, marked 0.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { skills } from '../db/schema';
import { visibilityScope, type Actor } from '../domain/permissions';
import { CORPUS_NOW, generatedPeople, insertCorpus, NAMED, referenceSkillHolders, VIZ } from '../search/contract-corpus';
import { createEmbeddedEngine } from '../search/embedded-engine';
import type { SearchEngine } from '../search/engine';
import { loadPersonDocs } from '../search/person-docs';
import { suggestHeldSkills } from './skills';

const hr: Actor = { id: 'u-hr', role: 'hr', departmentId: null };
const recruiter: Actor = { id: 'u-rec', role: 'recruiter', departmentId: null };

describe.each(testDatabaseKinds)('suggestHeldSkills on %s', (kind) => {
  let t: TestDatabase;
  let engine: SearchEngine;
  let docs: Awaited<ReturnType<typeof loadPersonDocs>>;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const specs = [...NAMED, ...generatedPeople(160)];
    await insertCorpus(t.db, specs);
    // Skills nobody holds, matching "data" better (by name) than Data visualisation does.
    await t.db.insert(skills).values([
      { id: 'custom:data', name: 'Data', framework: 'custom' },
      { id: 'custom:data-ethics', name: 'Data ethics', framework: 'custom' },
    ]);
    docs = await loadPersonDocs(t.db, specs.map((p) => p.id));
    engine = createEmbeddedEngine(t.db, { now: () => CORPUS_NOW });
    await engine.indexPeople(docs);
  });
  afterAll(async () => {
    await t?.close();
  });

  test('held skills before unheld ones (an exact name first), counts as the scope sees them', async () => {
    for (const actor of [hr, recruiter]) {
      const scope = visibilityScope(actor);
      const got = await suggestHeldSkills(t.db, engine, scope, 'data', 10);
      const expected = referenceSkillHolders(docs, [VIZ], scope).get(VIZ)!;
      expect(got.map((s) => [s.id, s.holders])).toEqual([
        ['custom:data', 0],
        [VIZ, expected],
        ['custom:data-ethics', 0],
      ]);
    }
  });

  test('aliases match too, and the count comes with them', async () => {
    const [viz] = await suggestHeldSkills(t.db, engine, visibilityScope(hr), 'dataviz', 5);
    expect(viz).toMatchObject({ id: VIZ, matchedAlias: 'Dataviz', holders: expect.any(Number) });
    expect(viz!.holders).toBeGreaterThan(0);
  });

  test('an engine that cannot count still gets suggestions, without counts', async () => {
    const down: SearchEngine = { ...engine, countSkillHolders: async () => Promise.reject(new Error('connect ECONNREFUSED')) };
    const got = await suggestHeldSkills(t.db, down, visibilityScope(hr), 'data', 10);
    expect(got.map((s) => s.holders)).toEqual([null, null, null]);
    expect(got[0]!.id).toBe('custom:data');
  });
});
