import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { getActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { listDdatRoleLevels } from '@/lib/data/roles';
import { can } from '@/lib/domain/permissions';
import { ImportDdatForm } from '../_components/import-ddat-form';
import { first, type RawSearchParams } from '../_components/search-params';

export const metadata: Metadata = { title: 'Import UK DDaT role levels' };
export const dynamic = 'force-dynamic';

export default async function ImportDdatPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await getActor();
  if (!actor || !can(actor, 'roles.manage')) notFound();
  const q = first(await searchParams, 'q');
  const options = await listDdatRoleLevels(await getDb(), actor, q);
  const byRole = new Map<string, typeof options>();
  for (const o of options) byRole.set(`${o.family} › ${o.track}`, [...(byRole.get(`${o.family} › ${o.track}`) ?? []), o]);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Import from the UK DDaT framework"
        description={
          <>
            The 201 role levels of the UK Government Digital and Data Profession Capability Framework, with the skill levels each asks for. <strong>Add as copy</strong> creates an editable role in your department; <strong>Re-sync</strong> puts a seeded DDaT profile back to what the framework says (open seats and headcount are kept).
          </>
        }
        actions={<Link href="/roles" className="text-sm text-slate-600 hover:underline">Back to roles</Link>}
      />
      <form method="get" role="search" className="flex gap-2">
        <label htmlFor="ddat-q" className="sr-only">
          Search role levels
        </label>
        <input id="ddat-q" name="q" defaultValue={q} placeholder="e.g. data scientist, lead, architect" className="w-80 rounded-md border border-slate-300 px-3 py-1.5 text-sm" />
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
          Search
        </button>
      </form>
      {options.length === 0 ? (
        <EmptyState title={`No DDaT role level matches “${q}”`}>Try a role name such as “analyst” or a level such as “senior”.</EmptyState>
      ) : (
        <div className="space-y-4">
          {[...byRole].map(([title, levels]) => (
            <section key={title} className="rounded-lg border border-slate-200 bg-white">
              <h2 className="border-b border-slate-100 px-4 py-2 text-sm font-semibold text-slate-800">{title}</h2>
              <ul className="divide-y divide-slate-100">
                {levels.map((o) => (
                  <li key={o.profileId} className="flex flex-wrap items-center gap-3 px-4 py-2 text-sm">
                    <span className="w-6 text-right text-xs text-slate-500">{o.ladderRank}</span>
                    <div className="min-w-0 flex-1">
                      {o.exists ? (
                        <Link href={`/roles/${encodeURIComponent(o.profileId)}`} className="font-medium text-brand-700 hover:underline">
                          {o.name}
                        </Link>
                      ) : (
                        <span className="font-medium">{o.name}</span>
                      )}
                      <span className="ml-2 text-xs text-slate-500">
                        {o.requirementCount} skills{o.exists ? '' : ' · not in your roles (deleted)'}
                      </span>
                    </div>
                    <ImportDdatForm profileId={o.profileId} name={o.name} exists={o.exists} canResync={o.canResync} />
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
