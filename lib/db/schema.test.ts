import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { rowsOf } from './client';
import { credentials, people, personSkills, skills } from './schema';

describe.each(testDatabaseKinds)('schema on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  test('migrations create every table of the core model', async () => {
    const rows = rowsOf<{ table_name: string }>(
      await t.db.execute(sql`select table_name from information_schema.tables where table_schema = 'public'`),
    );
    const names = rows.map((r) => r.table_name);
    for (const table of ['users', 'people', 'issuers', 'achievements', 'credentials', 'skills', 'person_skills', 'role_profiles', 'role_requirements', 'shortlists', 'saved_searches', 'audit_log', 'outbox', 'api_keys']) {
      expect(names).toContain(table);
    }
  });

  test('a failed transaction writes nothing', async () => {
    await expect(
      t.db.transaction(async (tx) => {
        await tx.insert(people).values({ id: 'p-tx', kind: 'candidate', name: 'Ada', email: 'ada@example.com' });
        await tx.insert(skills).values({ id: 's-tx', name: 'Python', framework: 'custom' });
        // references a person that does not exist: the whole transaction must roll back
        await tx.insert(personSkills).values({ personId: 'nobody', skillId: 's-tx', verified: true, level: 3 });
      }),
    ).rejects.toThrow();
    expect(await t.db.select().from(people).where(eq(people.id, 'p-tx'))).toHaveLength(0);
    expect(await t.db.select().from(skills).where(eq(skills.id, 's-tx'))).toHaveLength(0);
  });

  test('the same credential twice for one person is refused by the content hash', async () => {
    await t.db.insert(people).values({ id: 'p1', kind: 'candidate', name: 'Grace', email: 'grace@example.com' });
    const row = { personId: 'p1', format: 'ob3-jwt' as const, raw: 'x', contentHash: 'h1', status: 'verified' as const, source: 'test' };
    await t.db.insert(credentials).values(row);
    await expect(t.db.insert(credentials).values(row)).rejects.toThrow();
    const inserted = await t.db.insert(credentials).values(row).onConflictDoNothing().returning();
    expect(inserted).toHaveLength(0);
  });
});
