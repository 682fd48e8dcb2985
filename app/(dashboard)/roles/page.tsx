import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { getActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { listRoles } from '@/lib/data/roles';
import { can } from '@/lib/domain/permissions';
import { first, type RawSearchParams } from './_components/search-params';

export const metadata: Metadata = { title: 'Roles & mobility' };
export const dynamic = 'force-dynamic';

export default async function RolesPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await getActor();
  if (!actor || !can(actor, 'roles.view')) notFound();
  const sp = await searchParams;
  // A manager starts with their own department's roles; "All departments" (department=all) shows the rest.
  const departmentParam = sp.department === undefined && !can(actor, 'people.viewAll') && actor.departmentId ? actor.departmentId : first(sp, 'department');
  const filters = { q: first(sp, 'q'), family: first(sp, 'family'), department: departmentParam === 'all' ? '' : departmentParam, open: first(sp, 'open') === '1' };
  const list = await listRoles(await getDb(), actor, filters);
  const filtered = Boolean(filters.q || filters.family || filters.department || filters.open);
  const clearHref = can(actor, 'people.viewAll') ? '/roles' : '/roles?department=all';
  const seats = list.groups.flatMap((g) => g.ladders.flatMap((l) => l.roles)).reduce((n, r) => n + r.openSeats, 0);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Roles & mobility"
        description="Role profiles grouped by family, each ladder from junior to most senior. Open a role to rank employees by verified fit and plan the badges each person still needs."
        actions={
          list.canCreate && (
            <>
              <ButtonLink href="/roles/import" variant="secondary">
                Import from UK DDaT
              </ButtonLink>
              <ButtonLink href="/roles/new" variant="primary">
                New role
              </ButtonLink>
            </>
          )
        }
      />
      {first(sp, 'deleted') && <Alert tone="success">The role was deleted.</Alert>}

      <form method="get" className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3" role="search" aria-label="Filter roles">
        <div>
          <label htmlFor="roles-q" className="block text-xs font-medium text-slate-600">
            Search
          </label>
          <input id="roles-q" name="q" defaultValue={filters.q} placeholder="Role, ladder or family" className="mt-1 w-64 rounded-md border border-slate-300 px-3 py-1.5 text-sm" />
        </div>
        <div>
          <label htmlFor="roles-family" className="block text-xs font-medium text-slate-600">
            Family
          </label>
          <select id="roles-family" name="family" defaultValue={filters.family} className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm">
            <option value="">All families</option>
            {list.families.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="roles-department" className="block text-xs font-medium text-slate-600">
            Department
          </label>
          <select id="roles-department" name="department" defaultValue={filters.department || 'all'} className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm">
            <option value="all">All departments</option>
            {list.departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <label className="flex items-center gap-2 pb-1.5 text-sm text-slate-700">
          <input type="checkbox" name="open" value="1" defaultChecked={filters.open} className="h-4 w-4" /> Only roles with open seats
        </label>
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
          Apply
        </button>
        {filtered && (
          <Link href={clearHref} className="pb-1.5 text-sm text-slate-600 underline-offset-2 hover:underline">
            Clear filters
          </Link>
        )}
        <p className="ml-auto pb-1.5 text-sm text-slate-600">
          {list.total} role{list.total === 1 ? '' : 's'} · {seats} open seat{seats === 1 ? '' : 's'}
        </p>
      </form>

      {list.total === 0 ? (
        filtered ? (
          <EmptyState title="No role matches these filters" action={<ButtonLink href={clearHref}>Show all roles</ButtonLink>}>
            Try a shorter search term, another family, or clear the filters.
          </EmptyState>
        ) : (
          <EmptyState
            title="No role profiles yet"
            action={list.canCreate ? <ButtonLink href="/roles/import" variant="primary">Import UK DDaT role levels</ButtonLink> : undefined}
          >
            Role profiles list the skills and levels a role asks for. Import a UK DDaT role level or create your own to rank employees against it.
          </EmptyState>
        )
      ) : (
        <div className="space-y-8">
          {list.groups.map((group) => (
            <section key={group.family} aria-labelledby={`family-${group.family}`}>
              <h2 id={`family-${group.family}`} className="mb-3 text-lg font-semibold text-slate-900">
                {group.family} <span className="text-sm font-normal text-slate-500">· {group.ladders.length} ladder{group.ladders.length === 1 ? '' : 's'}</span>
              </h2>
              <div className="grid gap-4 lg:grid-cols-2">
                {group.ladders.map((ladder) => (
                  <div key={ladder.track} className="rounded-lg border border-slate-200 bg-white shadow-sm">
                    <h3 className="border-b border-slate-100 px-4 py-2 text-sm font-semibold text-slate-800">{ladder.track}</h3>
                    <ol className="divide-y divide-slate-100" aria-label={`${ladder.track} ladder, junior to senior`}>
                      {ladder.roles.map((role, i) => (
                        <li key={role.id} className="flex items-center gap-3 px-4 py-2 text-sm">
                          <span className="w-5 shrink-0 text-right text-xs text-slate-500" aria-hidden>
                            {i + 1}
                          </span>
                          <div className="min-w-0 flex-1">
                            <Link href={`/roles/${encodeURIComponent(role.id)}`} className="font-medium text-brand-700 hover:underline">
                              {role.name}
                            </Link>
                            <p className="text-xs text-slate-500">
                              {role.departmentName ?? 'Whole organisation'} · {role.requirementCount} skill{role.requirementCount === 1 ? '' : 's'}
                              {role.source === 'ddat' ? ' · UK DDaT' : ''}
                            </p>
                          </div>
                          <div className="shrink-0 text-right text-xs text-slate-600">
                            {role.openSeats > 0 ? (
                              <span className="rounded-full bg-emerald-100 px-2 py-0.5 font-medium text-emerald-800">
                                {role.openSeats} open seat{role.openSeats === 1 ? '' : 's'}
                              </span>
                            ) : (
                              <span className="text-slate-500">no open seats</span>
                            )}
                            <p className="mt-0.5" title="People currently in this role / planned headcount">
                              {role.holders} in role · planned {role.plannedHeadcount}
                            </p>
                          </div>
                        </li>
                      ))}
                    </ol>
                  </div>
                ))}
              </div>
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
