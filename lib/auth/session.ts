import 'server-only';
import { getServerSession } from 'next-auth';
import { cache } from 'react';
import { AppError } from '../domain/app-error';
import { can, type Actor, type Permission } from '../domain/permissions';
import { authOptions } from './options';

/**
 * The signed-in user as an Actor with their display name, or null. The session (a JWT) only says who
 * signed in; the session callback (lib/auth/options.ts) reads the server-side session and the account
 * in one statement on every request, so a sign-out, a deactivation, or a change of role or department
 * takes effect at once instead of when the 8-hour token expires. Cached per request.
 */
export const getSignedInUser = cache(async (): Promise<(Actor & { displayName: string }) | null> => {
  const session = await getServerSession(authOptions);
  const user = session?.user;
  if (!user?.id || !user.role) return null;
  return { id: user.id, role: user.role, departmentId: user.departmentId ?? null, displayName: user.name || user.email || user.id };
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
