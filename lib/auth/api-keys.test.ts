import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { actorFromApiKey, createApiKey, revokeApiKey } from './api-keys';

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
});
