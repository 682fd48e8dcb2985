import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { apiKeys } from '../db/schema';
import { LAST_USED_RESOLUTION_MS, actorFromApiKey, createApiKey, revokeApiKey } from './api-keys';

describe.each(testDatabaseKinds)('API keys on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  test('a created key resolves to its role until it is revoked', async () => {
    const created = await createApiKey(t.db, { name: 'ingest bot', role: 'hr' });
    expect(created.key).toMatch(/^sk_/);
    expect(await actorFromApiKey(t.db, created.key)).toEqual({ id: `apikey:${created.id}`, role: 'hr', departmentId: null });
    await revokeApiKey(t.db, created.id);
    expect(await actorFromApiKey(t.db, created.key)).toBeNull();
  });

  test('unknown, malformed and oversized keys are refused', async () => {
    expect(await actorFromApiKey(t.db, 'sk_doesnotexist')).toBeNull();
    expect(await actorFromApiKey(t.db, 'not-a-key')).toBeNull();
    expect(await actorFromApiKey(t.db, `sk_${'x'.repeat(500)}`)).toBeNull();
  });

  test('lastUsedAt is written at most once a minute, not on every request', async () => {
    const created = await createApiKey(t.db, { name: 'busy bot', role: 'recruiter' });
    const lastUsed = async () => (await t.db.select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.id, created.id)))[0]!.at;
    expect(await lastUsed()).toBeNull();
    await actorFromApiKey(t.db, created.key);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 5));
      expect(await actorFromApiKey(t.db, created.key)).not.toBeNull();
    }
    expect((await lastUsed())!.getTime()).toBe(first!.getTime());
    // A minute later the next request refreshes it.
    const aMinuteAgo = new Date(Date.now() - LAST_USED_RESOLUTION_MS - 1000);
    await t.db.update(apiKeys).set({ lastUsedAt: aMinuteAgo }).where(eq(apiKeys.id, created.id));
    await actorFromApiKey(t.db, created.key);
    expect((await lastUsed())!.getTime()).toBeGreaterThan(aMinuteAgo.getTime() + 1000);
  });
});
