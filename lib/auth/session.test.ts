// Reading the signed-in user from the session cookie (issue 12 item 6): next-auth's own token format
// (encoded here with next-auth's encode, as its sign-in sets it), decoded without running next-auth's
// session route; the server-side session and the account still decide, fresh, on every request.
import { eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../../test/databases';
import { users } from '../db/schema';
import { decodedSessionTokenCount, signedInUserFromCookies } from './session';
import { createUserSession, revokeUserSession } from './user-sessions';

const secret = 'a-test-secret-of-enough-length-1234567890';
const COOKIE = 'next-auth.session-token';

describe.each(testDatabaseKinds)('the signed-in user from the session cookie on %s', (kind) => {
  let t: TestDatabase;
  let userId: string;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    const [user] = await t.db.insert(users).values({ email: 'r@example.com', name: 'Rae', role: 'recruiter', departmentId: null }).returning({ id: users.id });
    userId = user!.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const cookieFor = async (claims: Record<string, unknown>) => [{ name: COOKIE, value: await encode({ token: claims, secret, maxAge: 3600 }) }];

  test('a live session: the account as it is now (role and name from the database, not the token)', async () => {
    const sid = await createUserSession(t.db, userId, 3600);
    // The token says admin; the account says recruiter: the account wins.
    const cookies = await cookieFor({ uid: userId, sid, role: 'admin', departmentId: 'x' });
    expect(await signedInUserFromCookies(cookies, { secret, db: t.db })).toEqual({ id: userId, role: 'recruiter', departmentId: null, displayName: 'Rae' });
    await t.db.update(users).set({ role: 'hr', departmentId: null }).where(eq(users.id, userId));
    expect((await signedInUserFromCookies(cookies, { secret, db: t.db }))?.role).toBe('hr');
    await t.db.update(users).set({ role: 'recruiter' }).where(eq(users.id, userId));
  });

  test("next-auth's own tokens decode with the key derived once (the same claims; tampering refused)", async () => {
    const sid = await createUserSession(t.db, userId, 3600);
    const [cookie] = await cookieFor({ uid: userId, sid, extra: 'x' });
    expect(await signedInUserFromCookies([cookie!], { secret, db: t.db })).toMatchObject({ id: userId });
    // Any change to the ciphertext or tag fails authentication.
    const parts = cookie!.value.split('.');
    const flipped = (part: string) => (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
    for (const i of [3, 4]) {
      const tampered = parts.map((p, j) => (j === i ? flipped(p) : p)).join('.');
      expect(await signedInUserFromCookies([{ name: COOKIE, value: tampered }], { secret, db: t.db })).toBeNull();
    }
    // And with a second secret, tokens of each secret decode with their own key only.
    const otherSecret = `${secret}-second`;
    const other = [{ name: COOKIE, value: await encode({ token: { uid: userId, sid }, secret: otherSecret, maxAge: 3600 }) }];
    expect(await signedInUserFromCookies(other, { secret: otherSecret, db: t.db })).toMatchObject({ id: userId });
    expect(await signedInUserFromCookies(other, { secret, db: t.db })).toBeNull();
  });

  test('a token decrypted once is not decrypted again, yet its expiry and a revocation still apply at once', async () => {
    // A secret of its own, so the other tests' tokens do not share the count.
    const ownSecret = `${secret}-${kind}-cache`;
    const sid = await createUserSession(t.db, userId, 3600);
    // Expires 30 s from now; jose allows 15 s of clock skew after that.
    const cookies = [{ name: COOKIE, value: await encode({ token: { uid: userId, sid }, secret: ownSecret, maxAge: 30 }) }];
    expect(decodedSessionTokenCount(ownSecret)).toBe(0);
    expect(await signedInUserFromCookies(cookies, { secret: ownSecret, db: t.db })).toMatchObject({ id: userId });
    expect(decodedSessionTokenCount(ownSecret)).toBe(1);
    expect(await signedInUserFromCookies(cookies, { secret: ownSecret, db: t.db })).toMatchObject({ id: userId });
    expect(decodedSessionTokenCount(ownSecret)).toBe(1);
    // The same text with its tag changed is not the kept token: decrypted, and refused.
    const parts = cookies[0]!.value.split('.');
    const tampered = [...parts.slice(0, 4), (parts[4]![0] === 'A' ? 'B' : 'A') + parts[4]!.slice(1)].join('.');
    expect(await signedInUserFromCookies([{ name: COOKIE, value: tampered }], { secret: ownSecret, db: t.db })).toBeNull();
    expect(decodedSessionTokenCount(ownSecret)).toBe(1);
    // Past exp + 15 s the kept claims are not used: the token is refused as jose refuses it, and forgotten.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 40_000);
      expect(await signedInUserFromCookies(cookies, { secret: ownSecret, db: t.db })).not.toBeNull();
      vi.setSystemTime(Date.now() + 10_000);
      expect(await signedInUserFromCookies(cookies, { secret: ownSecret, db: t.db })).toBeNull();
      expect(decodedSessionTokenCount(ownSecret)).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    // A revoked session is refused on the next request although its token is kept decoded.
    const live = [{ name: COOKIE, value: await encode({ token: { uid: userId, sid }, secret: ownSecret, maxAge: 3600 }) }];
    expect(await signedInUserFromCookies(live, { secret: ownSecret, db: t.db })).not.toBeNull();
    await revokeUserSession(t.db, sid);
    expect(decodedSessionTokenCount(ownSecret)).toBe(1);
    expect(await signedInUserFromCookies(live, { secret: ownSecret, db: t.db })).toBeNull();
  });

  test('signed out, deactivated, foreign, forged or missing: nobody (never an error)', async () => {
    const sid = await createUserSession(t.db, userId, 3600);
    const cookies = await cookieFor({ uid: userId, sid });
    expect(await signedInUserFromCookies(cookies, { secret, db: t.db })).not.toBeNull();
    await t.db.update(users).set({ deactivatedAt: new Date() }).where(eq(users.id, userId));
    expect(await signedInUserFromCookies(cookies, { secret, db: t.db })).toBeNull();
    await t.db.update(users).set({ deactivatedAt: null }).where(eq(users.id, userId));
    await revokeUserSession(t.db, sid);
    expect(await signedInUserFromCookies(cookies, { secret, db: t.db })).toBeNull();

    const live = await createUserSession(t.db, userId, 3600);
    const cases: { name: string; value: string }[][] = [
      // Another user's id with this session.
      await cookieFor({ uid: crypto.randomUUID(), sid: live }),
      // No server-side session id (a token from before sessions were recorded).
      await cookieFor({ uid: userId }),
      // Encrypted with another secret.
      [{ name: COOKIE, value: await encode({ token: { uid: userId, sid: live }, secret: `${secret}-other`, maxAge: 3600 }) }],
      // Expired token.
      [{ name: COOKIE, value: await encode({ token: { uid: userId, sid: live }, secret, maxAge: -60 }) }],
      [{ name: COOKIE, value: 'not-a-jwe' }],
      // The secure cookie name on a site served over http is not next-auth's session cookie here.
      [{ name: `__Secure-${COOKIE}`, value: (await cookieFor({ uid: userId, sid: live }))[0]!.value }],
      [],
    ];
    for (const c of cases) expect(await signedInUserFromCookies(c, { secret, db: t.db })).toBeNull();
    expect(await signedInUserFromCookies(await cookieFor({ uid: userId, sid: live }), { secret, db: t.db })).not.toBeNull();
  });
});
