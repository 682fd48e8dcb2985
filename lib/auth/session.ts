import 'server-only';
import { eq } from 'drizzle-orm';
import { getServerSession } from 'next-auth';
import { cache } from 'react';
import { getDb } from '../db/client';
import { users } from '../db/schema';
import { AppError } from '../domain/app-error';
import { can, type Actor, type Permission } from '../domain/permissions';
import { authOptions } from './options';

/**
 * The signed-in user as an Actor with their display name, or null. The session (a JWT) only says who
 * signed in; the account is read on every request so that a deactivation, or a change of role or
 * department, takes effect at once instead of when the 8-hour session expires. Cached per request.
 */
export const getSignedInUser = cache(async (): Promise<(Actor & { displayName: string }) | null> => {
  const session = await getServerSession(authOptions);
  const user = session?.user;
  if (!user?.id || !user.role) return null;
  const db = await getDb();
  const [account] = await db
    .select({ role: users.role, departmentId: users.departmentId, name: users.name, email: users.email, deactivatedAt: users.deactivatedAt })
    .from(users)
    .where(eq(users.id, user.id))
    .limit(1);
  if (!account || account.deactivatedAt) return null;
  return { id: user.id, role: account.role, departmentId: account.departmentId ?? null, displayName: account.name || account.email };
});

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
