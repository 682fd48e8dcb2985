import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getActor } from '@/lib/auth/session';
import { landingPath, safeCallbackPath } from '@/lib/domain/navigation';
import { demoUsersEnabled, env } from '@/lib/env.js';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callback = safeCallbackPath(typeof params.callbackUrl === 'string' ? params.callbackUrl : null);
  const actor = await getActor();
  if (actor) redirect(callback ?? landingPath(actor));
  const oidc = env.OIDC_ISSUER ? { name: env.OIDC_NAME } : null;
  const error = typeof params.error === 'string' ? params.error : null;
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 text-center">
          <p className="text-2xl font-semibold tracking-tight text-slate-900">Skillproof</p>
          <p className="mt-1 text-sm text-slate-600">Skills you can trace back to a verified credential.</p>
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
          <h1 className="mb-4 text-lg font-semibold">Sign in</h1>
          <SignInForm callbackPath={callback} passwordSignIn={demoUsersEnabled()} oidc={oidc} initialError={error} />
        </div>
        {demoUsersEnabled() && (
          <p className="mt-4 text-center text-xs text-slate-500">
            Demo: recruiter@, manager@, hr@ or admin@skillproof.demo with password <code>skillproof-demo</code>.
          </p>
        )}
      </div>
    </main>
  );
}
