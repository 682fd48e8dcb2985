import type { Role } from '@/lib/domain/permissions';

declare module 'next-auth' {
  interface Session {
    user: { id: string; role: Role; departmentId: string | null; name?: string | null; email?: string | null; image?: string | null };
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    role?: Role;
    departmentId?: string | null;
    /** Server-side session id (user_sessions.id): checked on every session read, revoked on sign-out. */
    sid?: string;
  }
}
