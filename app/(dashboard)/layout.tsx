import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppNav } from '@/components/shell/app-nav';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { SkipLink } from '@/components/shell/skip-link';
import { getSignedInUser } from '@/lib/auth/session';
import { landingPath, navItemsFor } from '@/lib/domain/navigation';

// The layout only draws the shell for whoever is signed in; each page and data function checks the
// permission itself (layouts do not re-run on client navigation, so they are no place for auth).
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const actor = await getSignedInUser();
  if (!actor) redirect('/signin');
  const items = navItemsFor(actor).map(({ href, label }) => ({ href, label }));
  return (
    <div className="min-h-screen">
      <SkipLink />
      <header className="no-print border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href={landingPath(actor)} className="text-lg font-semibold tracking-tight text-brand-700">
            Skillproof
          </Link>
          <AppNav items={items} />
          <div className="ml-auto flex items-center gap-3 text-sm">
            <span className="text-slate-600">
              {actor.displayName} <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs uppercase tracking-wide text-slate-600">{actor.role}</span>
              {actor.departmentId && <span className="ml-1 text-xs text-slate-500">· {actor.departmentId}</span>}
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      {/* tabIndex -1: the skip link moves keyboard focus here, not only the scroll position. */}
      <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-6 outline-none">
        {children}
      </main>
    </div>
  );
}
