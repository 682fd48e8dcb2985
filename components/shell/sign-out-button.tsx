'use client';

import { signOut } from 'next-auth/react';
import { Button } from '@/components/ui/button';
import { useHydrated } from '@/components/ui/hydrated';

export function SignOutButton() {
  // Disabled until hydrated: a click on the server-rendered button before its handler exists would
  // do nothing (sign-in ends with a full page load, so this can be the first thing someone clicks).
  const hydrated = useHydrated();
  return (
    <Button variant="secondary" size="sm" disabled={!hydrated} onClick={() => signOut({ callbackUrl: '/signin' })}>
      Sign out
    </Button>
  );
}
