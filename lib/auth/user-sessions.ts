// Server-side sessions behind the JWT cookie: the token carries a session id, and a session is only
// as good as its row. Signing out revokes the row, so a copied cookie stops working at once.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { userSessions } from '../db/schema';

export async function createUserSession(db: DbOrTx, userId: string, maxAgeSeconds: number): Promise<string> {
  const [row] = await db
    .insert(userSessions)
    .values({ userId, expiresAt: new Date(Date.now() + maxAgeSeconds * 1000) })
    .returning({ id: userSessions.id });
  return row!.id;
}

/** True when the session exists, belongs to the user, is not revoked and has not expired. */
export async function isUserSessionActive(db: DbOrTx, sessionId: string, userId: string): Promise<boolean> {
  if (sessionId.length > 100) return false;
  const [row] = await db
    .select({ id: userSessions.id })
    .from(userSessions)
    .where(and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId), isNull(userSessions.revokedAt), gt(userSessions.expiresAt, new Date())))
    .limit(1);
  return Boolean(row);
}

export async function revokeUserSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.update(userSessions).set({ revokedAt: new Date() }).where(and(eq(userSessions.id, sessionId), isNull(userSessions.revokedAt)));
}
