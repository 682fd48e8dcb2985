// next-auth configuration: demo users (credentials provider, bcrypt) in embedded mode, and a
// generic OIDC provider from environment variables for real deployments. Sessions are JWTs that
// carry the user's id, role and department plus a server-side session id (lib/auth/user-sessions):
// every session read checks that row, and signing out revokes it. Permissions are derived from the
// role on every check. Failed password sign-ins are counted per account and client
// (lib/auth/sign-in-throttle); the auth route answers 429 once they are over the limit.
import { and, eq, isNull } from 'drizzle-orm';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { demoUsersEnabled, env } from '../env.js';
import { getDb, type DbOrTx } from '../db/client';
import { users } from '../db/schema';
import { ROLES, type Role } from '../domain/permissions';
import { comparePassword, hashPassword } from './passwords';
import { clientKeyFromHeaders, getSignInThrottle } from './sign-in-throttle';
import { createUserSession, readSessionAccount, revokeUserSession } from './user-sessions';

const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(200),
});

// Comparing against a throwaway hash when the user is unknown keeps the response time the same as
// for a wrong password, so sign-in does not reveal which emails exist.
let timingDummyHash: Promise<string> | undefined;
const dummyHash = () => (timingDummyHash ??= hashPassword(crypto.randomUUID(), 10));

/** `client` is the caller's address key (clientKeyFromHeaders); failures are counted against it and the account. */
export async function authorizeWithPassword(raw: unknown, client = 'unknown') {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return null;
  const throttle = getSignInThrottle();
  const attempt = { email: parsed.data.email, client };
  // The auth route refuses throttled attempts with 429 first; this covers attempts that raced past it.
  if (throttle.retryAfterSeconds(attempt) > 0) return null;
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, departmentId: users.departmentId, passwordHash: users.passwordHash, deactivatedAt: users.deactivatedAt })
    .from(users)
    .where(eq(users.email, parsed.data.email))
    .limit(1);
  const ok = await comparePassword(parsed.data.password, user?.passwordHash ?? (await dummyHash()));
  // A deactivated account gets the same answer as a wrong password, after the same work.
  if (!user || !user.passwordHash || !ok || user.deactivatedAt) {
    throttle.recordFailure(attempt);
    return null;
  }
  throttle.recordSuccess(attempt);
  return { id: user.id, email: user.email, name: user.name, role: user.role, departmentId: user.departmentId };
}

function providers(): NextAuthOptions['providers'] {
  const list: NextAuthOptions['providers'] = [];
  if (demoUsersEnabled()) {
    list.push(
      CredentialsProvider({
        id: 'credentials',
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        authorize: (credentials, request) => authorizeWithPassword(credentials, clientKeyFromHeaders(request?.headers ?? {})),
      }),
    );
  }
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    list.push({
      id: 'oidc',
      name: env.OIDC_NAME,
      type: 'oauth',
      wellKnown: `${env.OIDC_ISSUER.replace(/\/$/, '')}/.well-known/openid-configuration`,
      authorization: { params: { scope: 'openid email profile' } },
      idToken: true,
      checks: ['pkce', 'state'],
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      profile(profile: { sub: string; email?: string; name?: string }) {
        return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? profile.email ?? profile.sub };
      },
    });
  }
  return list;
}

async function findUserByEmail(email: string) {
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, role: users.role, departmentId: users.departmentId, name: users.name })
    .from(users)
    .where(and(eq(users.email, email.toLowerCase()), isNull(users.deactivatedAt)))
    .limit(1);
  return user ?? null;
}

/** Who a decoded session token belongs to, read fresh from the server-side session and the account. */
export type SessionUser = { id: string; role: Role; departmentId: string | null; name: string; email: string };

/**
 * The user behind a decoded session token (the session callback for next-auth's own session route,
 * and getSignedInUser for every page and API request). A token without a live server-side session
 * (signed out, expired, or issued before sessions were recorded), or whose account is deactivated,
 * carries no user: every check downstream then treats the caller as signed out. Role, department and
 * name come from the account, not the token, so changes apply at once. One statement.
 */
export async function sessionUserFromToken(token: { uid?: string; sid?: string }, db?: DbOrTx): Promise<SessionUser | null> {
  const account = token.uid && token.sid ? await readSessionAccount(db ?? (await getDb()), token.sid, token.uid) : null;
  if (!token.uid || !account || !ROLES.includes(account.role)) return null;
  return { id: token.uid, role: account.role, departmentId: account.departmentId, name: account.name || account.email, email: account.email };
}

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/signin', error: '/signin' },
  providers: providers(),
  callbacks: {
    // OIDC users must already exist (an admin adds them with a role); nobody gets a role by signing in.
    async signIn({ user, account }) {
      if (account?.provider === 'credentials') return true;
      return Boolean(user.email && (await findUserByEmail(user.email)));
    },
    async jwt({ token, user, account }) {
      if (user && account) {
        const record = account.provider === 'credentials' ? (user as unknown as { id: string; role: Role; departmentId: string | null }) : await findUserByEmail(user.email ?? '');
        if (record) {
          token.uid = record.id;
          token.role = record.role;
          token.departmentId = record.departmentId;
          token.sid = await createUserSession(await getDb(), record.id, SESSION_MAX_AGE_SECONDS);
        }
      }
      return token;
    },
    async session({ session, token }) {
      const user = await sessionUserFromToken(token);
      if (user) session.user = { ...session.user, ...user };
      else delete (session as { user?: unknown }).user;
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      if (token?.sid) await revokeUserSession(await getDb(), token.sid);
    },
  },
};
