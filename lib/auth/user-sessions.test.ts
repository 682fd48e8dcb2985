import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { userSessions, users } from '../db/schema';
import { createUserSession, readSessionAccount, revokeUserSession } from './user-sessions';

const isUserSessionActive = async (db: TestDatabase['db'], sid: string, userId: string) => (await readSessionAccount(db, sid, userId)) !== null;

describe.each(testDatabaseKinds)('server-side sessions on %s', (kind) => {
  let t: TestDatabase;
  let userId: string;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const [user] = await t.db.insert(users).values({ email: 'r@example.com', name: 'R', role: 'recruiter' }).returning({ id: users.id });
    userId = user!.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  test('a session is active until it is revoked (signing out), and only for its own user', async () => {
    const sid = await createUserSession(t.db, userId, 3600);
    expect(await isUserSessionActive(t.db, sid, userId)).toBe(true);
    expect(await isUserSessionActive(t.db, sid, 'someone-else')).toBe(false);
    await revokeUserSession(t.db, sid);
    expect(await isUserSessionActive(t.db, sid, userId)).toBe(false);
  });

  test('an expired, unknown or absurd session id is not active', async () => {
    const sid = await createUserSession(t.db, userId, 3600);
    await t.db.update(userSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(userSessions.id, sid));
    expect(await isUserSessionActive(t.db, sid, userId)).toBe(false);
    expect(await isUserSessionActive(t.db, crypto.randomUUID(), userId)).toBe(false);
    expect(await isUserSessionActive(t.db, 'x'.repeat(5000), userId)).toBe(false);
  });

  test("the session's account is read fresh: a role or department change shows, a deactivation ends it", async () => {
    const [user] = await t.db.insert(users).values({ email: 'm@example.com', name: '', role: 'recruiter' }).returning({ id: users.id });
    const sid = await createUserSession(t.db, user!.id, 3600);
    expect(await readSessionAccount(t.db, sid, user!.id)).toEqual({ role: 'recruiter', departmentId: null, name: '', email: 'm@example.com' });
    await t.db.update(users).set({ role: 'hr' }).where(eq(users.id, user!.id));
    expect((await readSessionAccount(t.db, sid, user!.id))?.role).toBe('hr');
    await t.db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, user!.id));
    expect(await readSessionAccount(t.db, sid, user!.id)).toBeNull();
    await t.db.update(users).set({ deactivatedAt: null }).where(eq(users.id, user!.id));
    expect((await readSessionAccount(t.db, sid, user!.id))?.role).toBe('hr');
  });

  test('a revocation applies to the next read after the statement has run many times (prepared, generic plan)', async () => {
    const sid = await createUserSession(t.db, userId, 3600);
    // More runs than Postgres needs to switch a named statement to its generic plan (five), on every pooled connection.
    for (let i = 0; i < 30; i++) expect(await isUserSessionActive(t.db, sid, userId)).toBe(true);
    await revokeUserSession(t.db, sid);
    const after = await Promise.all(Array.from({ length: 20 }, () => isUserSessionActive(t.db, sid, userId)));
    expect(after.every((active) => !active)).toBe(true);
    // Expiry is compared with the caller's clock on every run, not with one bound into a plan.
    const sid2 = await createUserSession(t.db, userId, 3600);
    for (let i = 0; i < 10; i++) expect(await isUserSessionActive(t.db, sid2, userId)).toBe(true);
    await t.db.update(userSessions).set({ expiresAt: new Date(Date.now() - 1) }).where(eq(userSessions.id, sid2));
    expect(await isUserSessionActive(t.db, sid2, userId)).toBe(false);
  });
});
