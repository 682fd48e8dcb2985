// next-auth configuration: demo users (credentials provider, bcrypt) in embedded mode, and a
// generic OIDC provider from environment variables for real deployments. Sessions are JWTs that
// carry the user's id, role and department; permissions are derived from the role on every check.
import bcrypt from 'bcryptjs';
import { eq } from 'drizzle-orm';
import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { z } from 'zod';
import { demoUsersEnabled, env } from '../env.js';
import { getDb } from '../db/client';
import { users } from '../db/schema';
import { ROLES, type Role } from '../domain/permissions';

const signInSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(200),
});

// Comparing against a throwaway hash when the user is unknown keeps the response time the same as
// for a wrong password, so sign-in does not reveal which emails exist.
let timingDummyHash: string | undefined;
const dummyHash = () => (timingDummyHash ??= bcrypt.hashSync(crypto.randomUUID(), 10));

export async function authorizeWithPassword(raw: unknown) {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return null;
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, departmentId: users.departmentId, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, parsed.data.email))
    .limit(1);
  const ok = await bcrypt.compare(parsed.data.password, user?.passwordHash ?? dummyHash());
  if (!user || !user.passwordHash || !ok) return null;
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
        authorize: (credentials) => authorizeWithPassword(credentials),
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
    .where(eq(users.email, email.toLowerCase()))
    .limit(1);
  return user ?? null;
}

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: 'jwt', maxAge: 8 * 60 * 60 },
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
        }
      }
      return token;
    },
    async session({ session, token }) {
      if (token.uid && token.role && ROLES.includes(token.role)) {
        session.user = { ...session.user, id: token.uid, role: token.role, departmentId: token.departmentId ?? null };
      }
      return session;
    },
  },
};
