import 'server-only';
import { getServerSession } from 'next-auth';
import { AppError } from '../domain/app-error';
import { can, type Actor, type Permission } from '../domain/permissions';
import { authOptions } from './options';

/** The signed-in user as an Actor with their display name, or null: one session read for the shell. */
export async function getSignedInUser(): Promise<(Actor & { displayName: string }) | null> {
  const session = await getServerSession(authOptions);
  const user = session?.user;
  if (!user?.id || !user.role) return null;
  return { id: user.id, role: user.role, departmentId: user.departmentId ?? null, displayName: user.name ?? user.email ?? '' };
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
