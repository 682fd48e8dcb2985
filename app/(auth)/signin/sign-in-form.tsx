'use client';

import { signIn } from 'next-auth/react';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

const MESSAGES: Record<string, string> = {
  CredentialsSignin: 'That email or password is not right. Check both and try again.',
  AccessDenied: 'Your account has no access to Skillproof yet. Ask an administrator to add you.',
  TooManyAttempts: 'Too many failed sign-ins. Wait a few minutes, then try again.',
  default: 'Sign-in did not work. Please try again.',
};

export function SignInForm({
  callbackPath,
  passwordSignIn,
  oidc,
  initialError,
}: {
  callbackPath: string | null;
  passwordSignIn: boolean;
  oidc: { name: string } | null;
  initialError: string | null;
}) {
  const [error, setError] = useState<string | null>(initialError ? (MESSAGES[initialError] ?? MESSAGES.default!) : null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn('credentials', {
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
        redirect: false,
      });
      if (!result || result.error) {
        setError(MESSAGES[result?.error ?? ''] ?? MESSAGES.CredentialsSignin!);
        setPending(false);
        return;
      }
      // A full page load, not a client-side transition: the home page answers with a redirect to the
      // role's landing page, which a soft navigation (plus the refresh the new session needs) could
      // leave as a blank page; a real load follows the redirect and starts with the new session.
      // The button stays "Signing in…" until the next page replaces this one.
      window.location.assign(callbackPath ?? '/');
    } catch {
      setError(MESSAGES.default!);
      setPending(false);
    }
  }

  return (
    <div className="space-y-4">
      {error && <Alert tone="error">{error}</Alert>}
      {passwordSignIn && (
        <form onSubmit={onSubmit} className="space-y-3" noValidate>
          <div>
            <label htmlFor="email" className="block text-sm font-medium text-slate-700">
              Email
            </label>
            <input id="email" name="email" type="email" autoComplete="username" required autoFocus className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
          </div>
          <div>
            <label htmlFor="password" className="block text-sm font-medium text-slate-700">
              Password
            </label>
            <input id="password" name="password" type="password" autoComplete="current-password" required className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
          </div>
          <Button type="submit" className="w-full" disabled={pending}>
            {pending ? 'Signing in…' : 'Sign in'}
          </Button>
        </form>
      )}
      {oidc && (
        <Button variant="secondary" className="w-full" onClick={() => signIn('oidc', { callbackUrl: callbackPath ?? '/' })}>
          Continue with {oidc.name}
        </Button>
      )}
      {!passwordSignIn && !oidc && <Alert tone="warning">No sign-in method is configured. Set the OIDC_* variables or DEMO_USERS=on.</Alert>}
    </div>
  );
}
