import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { actorFromApiKey } from '../auth/api-keys';
import { auditLog, departments, users } from '../db/schema';
import type { Actor } from '../domain/permissions';
import { changeUserRole, createApiKeyAsAdmin, inviteUser, listApiKeys, listAuditLog, listUsers, parseAuditFilters, revokeApiKeyAsAdmin, setUserActive } from './admin';

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

  describe('users', () => {
    let adminUser: Actor;
    beforeAll(async () => {
      await t.db.insert(departments).values({ id: 'data', name: 'Data' }).onConflictDoNothing();
      const [row] = await t.db.insert(users).values({ email: 'first-admin@example.org', name: 'First Admin', role: 'admin' }).returning({ id: users.id });
      adminUser = { id: row!.id, role: 'admin', departmentId: null };
    });

    test('an admin invites a user with a one-time password (only its hash is stored), audited', async () => {
      const created = await inviteUser(adminUser, { email: ' New.Person@Example.org ', name: 'New Person', role: 'recruiter', departmentId: '' }, { withPassword: true }, t.db);
      expect(created.email).toBe('new.person@example.org');
      expect(created.initialPassword).toMatch(/^[\w-]{16}$/);
      const [row] = await t.db.select().from(users).where(eq(users.id, created.id));
      expect(row).toMatchObject({ role: 'recruiter', departmentId: null, deactivatedAt: null });
      expect(row!.passwordHash).toMatch(/^\$2[aby]\$/);
      expect(row!.passwordHash).not.toContain(created.initialPassword!);
      const audit = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, created.id));
      expect(audit.map((a) => a.action)).toEqual(['user.invite']);
      // Without password sign-in (OIDC) there is no password at all.
      const oidc = await inviteUser(adminUser, { email: 'oidc@example.org', name: 'O', role: 'hr' }, { withPassword: false }, t.db);
      expect(oidc.initialPassword).toBeNull();
    });

    test.each([
      [{ email: 'not-an-email', name: 'X', role: 'recruiter' }, 'email'],
      [{ email: 'm@example.org', name: 'M', role: 'manager' }, 'departmentId'],
      [{ email: 'm@example.org', name: 'M', role: 'manager', departmentId: 'no-such-dept' }, 'departmentId'],
      [{ email: 'x@example.org', name: '', role: 'recruiter' }, 'name'],
      [{ email: 'x@example.org', name: 'X', role: 'owner' }, 'role'],
      [{ email: 'first-admin@example.org', name: 'Dup', role: 'hr' }, 'email'],
    ])('an invalid invite %j is refused on %s and writes nothing', async (input, field) => {
      const before = (await t.db.select().from(users)).length;
      const err = await inviteUser(adminUser, input, { withPassword: true }, t.db).catch((e: unknown) => e);
      expect(err).toMatchObject({ fieldErrors: { [field]: expect.any(Array) } });
      expect((await t.db.select().from(users)).length).toBe(before);
    });

    test('role changes are audited; a manager needs a department; the last active admin stays an admin', async () => {
      const { id } = await inviteUser(adminUser, { email: 'mover@example.org', name: 'Mover', role: 'recruiter' }, { withPassword: false }, t.db);
      await expect(changeUserRole(adminUser, { userId: id, role: 'manager', departmentId: '' }, t.db)).rejects.toMatchObject({ code: 'invalid_input' });
      await changeUserRole(adminUser, { userId: id, role: 'manager', departmentId: 'data' }, t.db);
      const [row] = await t.db.select().from(users).where(eq(users.id, id));
      expect(row).toMatchObject({ role: 'manager', departmentId: 'data' });
      const audit = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, id));
      expect(audit.map((a) => a.action)).toEqual(['user.invite', 'user.role']);
      expect(audit[1]!.detail).toEqual({ from: { role: 'recruiter', departmentId: null }, to: { role: 'manager', departmentId: 'data' } });

      await expect(changeUserRole(adminUser, { userId: adminUser.id, role: 'hr', departmentId: null }, t.db)).rejects.toMatchObject({ code: 'conflict' });
      await expect(setUserActive(adminUser, adminUser.id, false, t.db)).rejects.toMatchObject({ code: 'conflict' });
      await expect(changeUserRole(recruiter, { userId: id, role: 'admin' }, t.db)).rejects.toMatchObject({ code: 'forbidden' });
    });

    test('deactivate and reactivate are audited, idempotent, and never the last admin', async () => {
      const { id } = await inviteUser(adminUser, { email: 'leaver@example.org', name: 'Leaver', role: 'admin' }, { withPassword: false }, t.db);
      await setUserActive(adminUser, id, false, t.db);
      await setUserActive(adminUser, id, false, t.db);
      const [row] = await t.db.select().from(users).where(eq(users.id, id));
      expect(row!.deactivatedAt).toBeInstanceOf(Date);
      expect((await listUsers(adminUser, t.db)).find((u) => u.id === id)?.deactivatedAt).toBeInstanceOf(Date);
      // With the other admin deactivated, the first is the last active one: it cannot be demoted.
      await expect(changeUserRole({ ...adminUser, id }, { userId: adminUser.id, role: 'hr' }, t.db)).rejects.toMatchObject({ code: 'conflict' });
      await setUserActive(adminUser, id, true, t.db);
      expect((await t.db.select().from(users).where(eq(users.id, id)))[0]!.deactivatedAt).toBeNull();
      const audit = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, id));
      expect(audit.map((a) => a.action)).toEqual(['user.invite', 'user.deactivate', 'user.reactivate']);
      await expect(setUserActive(adminUser, 'no-such-user', false, t.db)).rejects.toMatchObject({ code: 'not_found' });
    });

    test('the audit log filters by action, actor email, subject and dates, newest first, in pages', async () => {
      const all = await listAuditLog(adminUser, parseAuditFilters({}).filters, t.db);
      expect(all.total).toBeGreaterThan(5);
      const times = all.entries.map((e) => e.at);
      expect(times).toEqual([...times].sort().reverse());
      expect(all.actions).toEqual(expect.arrayContaining(['user.invite', 'user.role', 'user.deactivate', 'apikey.create']));

      const invites = await listAuditLog(adminUser, parseAuditFilters({ action: 'user.invite' }).filters, t.db);
      expect(invites.entries.length).toBeGreaterThan(0);
      expect(invites.entries.every((e) => e.action === 'user.invite')).toBe(true);

      const byEmail = await listAuditLog(adminUser, parseAuditFilters({ actor: 'FIRST-ADMIN@example.org' }).filters, t.db);
      expect(byEmail.total).toBeGreaterThan(0);
      expect(byEmail.entries.every((e) => e.actorId === adminUser.id && e.actorEmail === 'first-admin@example.org' && e.actorName === 'First Admin')).toBe(true);

      const today = new Date().toISOString().slice(0, 10);
      expect((await listAuditLog(adminUser, parseAuditFilters({ from: today, to: today }).filters, t.db)).total).toBe(all.total);
      expect((await listAuditLog(adminUser, parseAuditFilters({ to: '2000-01-01' }).filters, t.db)).total).toBe(0);

      const oneSubject = invites.entries[0]!.subjectId;
      const subject = await listAuditLog(adminUser, parseAuditFilters({ subjectType: 'user', subject: oneSubject }).filters, t.db);
      expect(subject.entries.every((e) => e.subjectId === oneSubject)).toBe(true);

      // A page past the end shows the last page rather than nothing.
      expect((await listAuditLog(adminUser, parseAuditFilters({ page: '999' }).filters, t.db)).page).toBe(1);
      await expect(listAuditLog(recruiter, parseAuditFilters({}).filters, t.db)).rejects.toMatchObject({ code: 'forbidden' });
    });
  });
});

test('bad audit filters in a URL are dropped one by one with a notice', () => {
  const { filters, notices } = parseAuditFilters({ action: 'user.invite', from: 'yesterday', to: ['2026-02-30', 'x'], page: '-4', actor: 'a'.repeat(400) });
  expect(filters).toMatchObject({ action: 'user.invite', page: 1 });
  expect([filters.from, filters.to, filters.actor]).toEqual([undefined, undefined, undefined]);
  expect(notices).toHaveLength(3);
  expect(notices.join(' ')).toMatch(/"from" date/);
});
