// The default heatmap on the demo organisation (issue 14 item 5): seeded for real (signed credentials
// through verification and ingest), indexed by the embedded engine, read through getInsights as HR.
// Most cells must carry signal: the measured count of 0 % cells is bounded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/databases';
import { rowsOf } from '../db/client';
import type { Actor } from '../domain/permissions';
import { createEmbeddedEngine } from '../search/embedded-engine';
import { loadPersonDocs } from '../search/person-docs';
import { seedDemoOrganisation } from '../seed/seed-demo-organisation';
import { getInsights } from './insights';

const NOW = new Date('2026-06-01T00:00:00Z');
const HR: Actor = { id: 'u-hr', role: 'hr', departmentId: null };
const PEOPLE = 300;

describe('the demo organisation\'s default heatmap', () => {
  let t: TestDatabase;
  let dir: string;
  let engine: ReturnType<typeof createEmbeddedEngine>;
  beforeAll(async () => {
    t = await createTestDatabase('pglite');
    dir = mkdtempSync(path.join(tmpdir(), 'skillproof-heatmap-'));
    await seedDemoOrganisation(t.db, { people: PEOPLE, seed: 42, now: NOW, dataDir: dir });
    engine = createEmbeddedEngine(t.db, { now: () => NOW });
    const ids = rowsOf<{ id: string }>(await t.db.execute(sql`select id from people`)).map((r) => r.id);
    await engine.indexPeople(await loadPersonDocs(t.db, ids));
  }, 600_000);
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('most cells carry signal', async () => {
    const report = await getInsights(HR, new URLSearchParams(), { db: t.db, engine, now: NOW });
    const { cells, skills, departments } = report.data.coverage;
    const zero = cells.filter((c) => c.share === 0).length;
    const empty = cells.filter((c) => c.share === null).length;
    console.info(`[heatmap] ${skills.length} skills x ${departments.length} departments = ${cells.length} cells; ${zero} at 0 %, ${empty} without employees; max share ${Math.max(...cells.map((c) => c.share ?? 0)).toFixed(2)}`);
    console.info(`[heatmap] skills: ${skills.map((s) => s.name).join(' | ')}`);
    for (const d of departments) console.info(`[heatmap] ${d.name} (${d.size}): ${cells.filter((c) => c.departmentId === d.id).map((c) => c.count).join(' ')}`);
    expect(cells.length).toBeGreaterThanOrEqual(48);
    expect(zero).toBeLessThanOrEqual(cells.length / 4);
  });
});
