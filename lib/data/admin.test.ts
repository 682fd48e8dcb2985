import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { actorFromApiKey } from '../auth/api-keys';
import { auditLog } from '../db/schema';
import type { Actor } from '../domain/permissions';
import { createApiKeyAsAdmin, listApiKeys, listUsers, revokeApiKeyAsAdmin } from './admin';

const admin: Actor = { id: 'u-admin', role: 'admin', departmentId: null };
const recruiter: Actor = { id: 'u-rec', role: 'recruiter', departmentId: null };

describe.each(testDatabaseKinds)('admin data on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  test('an admin creates a key that works, sees it listed by prefix, and revokes it; both are audited', async () => {
    const created = await createApiKeyAsAdmin(admin, { name: 'LMS sync', role: 'hr' }, t.db);
    expect(await actorFromApiKey(t.db, created.key)).toMatchObject({ role: 'hr' });
    const listed = await listApiKeys(admin, t.db);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ name: 'LMS sync', prefix: created.key.slice(0, 10), revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.key);

    await revokeApiKeyAsAdmin(admin, created.id, t.db);
    expect(await actorFromApiKey(t.db, created.key)).toBeNull();
    const audit = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, created.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['apikey.create', 'apikey.revoke']);
  });

  test('revoking an unknown key is a not-found error and writes no audit row', async () => {
    const before = (await t.db.select().from(auditLog)).length;
    await expect(revokeApiKeyAsAdmin(admin, 'no-such-key', t.db)).rejects.toMatchObject({ code: 'not_found' });
    expect((await t.db.select().from(auditLog)).length).toBe(before);
  });

  test('a recruiter can neither list users nor create keys', async () => {
    await expect(listUsers(recruiter, t.db)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createApiKeyAsAdmin(recruiter, { name: 'x', role: 'admin' }, t.db)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
