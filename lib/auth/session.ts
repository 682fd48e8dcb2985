import 'server-only';
import { hkdfSync } from 'node:crypto';
import { jwtDecrypt } from 'jose';
import { getServerSession } from 'next-auth';
import { getToken, type JWT, type JWTDecodeParams } from 'next-auth/jwt';
import { cookies } from 'next/headers';
import { cache } from 'react';
import type { DbOrTx } from '../db/client';
import { env } from '../env.js';
import { AppError } from '../domain/app-error';
import { can, type Actor, type Permission } from '../domain/permissions';
import { authOptions, sessionUserFromToken } from './options';

export type SignedInUser = Actor & { displayName: string };

/**
 * The signed-in user behind these request cookies, or null. The session cookie (next-auth's encrypted
 * JWT) only says who signed in; sessionUserFromToken reads the server-side session and the account in
 * one statement, so a sign-out, a deactivation, or a change of role or department takes effect at
 * once instead of when the 8-hour token expires.
 *
 * The token is decoded here with next-auth's own getToken, not through getServerSession: that runs
 * next-auth's whole session route for every request, which also re-encrypts a refreshed token (a
 * second key derivation and an encryption) only to drop it, since a server component cannot set a
 * cookie (issue 12 item 6: about 1 ms of main-thread CPU a request). Cookies only, as next-auth
 * reads sessions: a session token sent as a Bearer header is not a session (API keys are, apiRoute).
 */
/**
 * next-auth's session-token key for a secret: its getDerivedEncryptionKey (HKDF-SHA256, empty salt,
 * this info, 32 bytes), derived once per secret. next-auth's own decode derives it again for every
 * token it reads (about half a millisecond of main-thread CPU a request). session.test.ts decodes
 * tokens made by next-auth's encode with it, so a change of next-auth's format fails there.
 */
const sessionTokenKeys = new Map<string, Uint8Array>();
function sessionTokenKey(secret: string): Uint8Array {
  let key = sessionTokenKeys.get(secret);
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', secret, '', 'NextAuth.js Generated Encryption Key', 32));
    sessionTokenKeys.set(secret, key);
  }
  return key;
}

const CLOCK_TOLERANCE_SECONDS = 15;

/**
 * Claims of session tokens this process has already decrypted, by secret and then by the token's whole
 * text. A browser sends the same cookie with every request for up to 8 hours, and decrypting it again
 * (key import, AES-GCM, claims parse) is about 0.1 ms of main-thread CPU a request for an answer that
 * cannot change: the text is authenticated, so only that exact text finds an entry, and the entry is
 * dropped once the token's own expiry (with jose's tolerance) has passed. What can change (sign-out,
 * deactivation, role) is the session row, which sessionUserFromToken still reads on every request.
 * Bounded: the oldest entries go first.
 */
const decodedSessionTokens = new Map<string, Map<string, Readonly<JWT> & { exp: number }>>();
const DECODED_SESSION_TOKENS_MAX = 2_000;

/** jose's exp check (`exp <= now - tolerance` fails), in its whole seconds. */
const expiredAt = (exp: number, nowMs: number) => exp <= Math.floor(nowMs / 1000) - CLOCK_TOLERANCE_SECONDS;

/** next-auth's decode (a JWE, dir + A256GCM, 15 s clock tolerance) with the key derived once. */
async function decodeSessionToken({ token, secret }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const secretText = String(secret);
  let decoded = decodedSessionTokens.get(secretText);
  const hit = decoded?.get(token);
  if (hit) {
    if (!expiredAt(hit.exp, Date.now())) return hit;
    decoded!.delete(token);
  }
  const { payload } = await jwtDecrypt(token, sessionTokenKey(secretText), { clockTolerance: CLOCK_TOLERANCE_SECONDS, keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
  // next-auth always sets exp; a token without one is decoded every time rather than kept forever.
  if (typeof payload.exp === 'number') {
    if (!decoded) decodedSessionTokens.set(secretText, (decoded = new Map()));
    if (decoded.size >= DECODED_SESSION_TOKENS_MAX) decoded.delete(decoded.keys().next().value!);
    decoded.set(token, Object.freeze({ ...payload, exp: payload.exp }) as Readonly<JWT> & { exp: number });
  }
  return payload as JWT;
}

/** For tests: how many decoded tokens are kept for a secret. */
export function decodedSessionTokenCount(secret: string): number {
  return decodedSessionTokens.get(secret)?.size ?? 0;
}

export async function signedInUserFromCookies(
  requestCookies: readonly { name: string; value: string }[],
  options: { secret: string; db?: DbOrTx },
): Promise<SignedInUser | null> {
  const token = await getToken({
    req: { cookies: Object.fromEntries(requestCookies.map((c) => [c.name, c.value])), headers: {} } as unknown as Parameters<typeof getToken>[0]['req'],
    secret: options.secret,
    decode: decodeSessionToken,
    // The cookie name next-auth sets: __Secure- when the site is served over https.
    secureCookie: env.NEXTAUTH_URL?.startsWith('https://') ?? false,
  });
  const user = token ? await sessionUserFromToken(token, options.db) : null;
  return user && { id: user.id, role: user.role, departmentId: user.departmentId, displayName: user.name || user.email || user.id };
}

/**
 * `next dev` without NEXTAUTH_SECRET: only next-auth knows the secret it derives for development.
 * Pages read the request through Next's request store; the API passes its request (it has no store).
 */
async function signedInUserFromSessionRoute(request?: { headers: Record<string, string>; cookies: Record<string, string> }): Promise<SignedInUser | null> {
  // next-auth's own stand-in for the response when it is called without one: the session is only read.
  const readOnlyResponse = { getHeader() {}, setCookie() {}, setHeader() {} };
  const session = request ? await getServerSession(request as never, readOnlyResponse as never, authOptions) : await getServerSession(authOptions);
  const user = session?.user;
  if (!user?.id || !user.role) return null;
  return { id: user.id, role: user.role, departmentId: user.departmentId ?? null, displayName: user.name || user.email || user.id };
}

/** The signed-in user as an Actor with their display name, or null. Cached per request. */
export const getSignedInUser = cache(async (): Promise<SignedInUser | null> => {
  const secret = authOptions.secret;
  return secret ? signedInUserFromCookies((await cookies()).getAll(), { secret }) : signedInUserFromSessionRoute();
});

/**
 * The signed-in user behind the cookies of `request`, or null: for the API's handlers, which are
 * given the request itself (they run outside Next's request store, lib/api/pages-api.ts).
 */
export async function signedInUserFromRequest(request: { headers: Headers; cookies: { getAll(): { name: string; value: string }[] } }): Promise<SignedInUser | null> {
  const secret = authOptions.secret;
  const requestCookies = request.cookies.getAll();
  if (secret) return signedInUserFromCookies(requestCookies, { secret });
  return signedInUserFromSessionRoute({ headers: Object.fromEntries(request.headers), cookies: Object.fromEntries(requestCookies.map((c) => [c.name, c.value])) });
}

/** The signed-in user as an Actor, or null. */
export async function getActor(): Promise<Actor | null> {
  const user = await getSignedInUser();
  return user && { id: user.id, role: user.role, departmentId: user.departmentId };
}

/** The signed-in actor holding `permission`; throws 401 / 403 AppErrors otherwise. */
export async function requireActor(permission?: Permission): Promise<Actor> {
  const actor = await getActor();
  if (!actor) throw new AppError('unauthenticated', 'Sign in to continue.');
  if (permission && !can(actor, permission)) throw new AppError('forbidden', 'You do not have access to this.');
  return actor;
}

export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError('forbidden', 'You do not have access to this.');
}
