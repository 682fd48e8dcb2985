// Assigned pathways: every pathway a manager (their department) or HR (everyone) has assigned, with
// progress bars; filters (status, department, page) in the URL so a view can be shared.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AssignmentStatusBadge, PathwayProgressBar, formatDay } from '@/components/pathways/pathway-progress';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { ButtonLink } from '@/components/ui/button';
import { getActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { assignmentListFiltersSchema, listPathwayAssignments, type AssignmentListFilters } from '@/lib/data/pathway-assignments';
import { formatIsoDay } from '@/lib/domain/format-date';
import { can } from '@/lib/domain/permissions';
import { first, intIn, toQuery, type RawSearchParams } from '../roles/_components/search-params';

export const metadata: Metadata = { title: 'Assigned pathways' };
export const dynamic = 'force-dynamic';

const STATUS_TABS: { value: AssignmentListFilters['status']; label: string }[] = [
  { value: 'open', label: 'In progress' },
  { value: 'completed', label: 'Completed' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'all', label: 'All' },
];

function hrefFor(filters: AssignmentListFilters, over: Partial<AssignmentListFilters> = {}): string {
  const f = { ...filters, ...over };
  return `/pathways${toQuery({ status: f.status === 'open' ? undefined : f.status, department: f.department, page: f.page > 1 ? f.page : undefined })}`;
}

export default async function PathwaysPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const actor = await getActor();
  if (!actor || !can(actor, 'pathways.view')) notFound();
  const params = await searchParams;
  // A bad value in the URL falls back to the default instead of failing.
  const parsed = assignmentListFiltersSchema.safeParse({ status: first(params, 'status') || undefined, department: first(params, 'department') || undefined, page: intIn(params, 'page', 1, 1000) });
  const list = await listPathwayAssignments(await getDb(), actor, parsed.success ? parsed.data : {});
  const { filters, counts } = list;
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const nothingAtAll = counts.active + counts.completed + counts.cancelled === 0;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Assigned pathways"
        description="The badges each person is working toward for a target role. Steps move from not started to started to earned by themselves as credentials are imported or re-verified."
      />
      <nav aria-label="Pathway status" className="flex flex-wrap gap-2">
        {STATUS_TABS.map((tab) => {
          const n = tab.value === 'open' ? counts.active : tab.value === 'all' ? counts.active + counts.completed + counts.cancelled : counts[tab.value];
          const current = filters.status === tab.value;
          return (
            <Link
              key={tab.value}
              href={hrefFor(filters, { status: tab.value, page: 1 })}
              aria-current={current ? 'page' : undefined}
              className={current ? 'rounded-full bg-brand-700 px-3 py-1 text-sm font-medium text-white' : 'rounded-full border border-slate-300 bg-white px-3 py-1 text-sm text-slate-700 hover:bg-slate-50'}
            >
              {tab.label} ({n})
            </Link>
          );
        })}
      </nav>
      {list.departments.length > 1 && (
        <form method="get" className="flex flex-wrap items-end gap-2">
          {filters.status !== 'open' && <input type="hidden" name="status" value={filters.status} />}
          <div>
            <label htmlFor="pathways-department" className="block text-sm font-medium text-slate-700">
              Department
            </label>
            <select id="pathways-department" name="department" defaultValue={filters.department ?? ''} className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">
              <option value="">Every department</option>
              {list.departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50">
            Apply
          </button>
        </form>
      )}

      {list.items.length === 0 ? (
        nothingAtAll ? (
          <EmptyState title="No pathways assigned yet" action={<ButtonLink href="/roles">Open the roles</ButtonLink>}>
            To assign one, open a role, pick a person from its ranking or promotion candidates, and choose “Assign this pathway” on their gap and pathway
            page. It then appears here and on their profile, with each badge tracked as it arrives.
          </EmptyState>
        ) : (
          <EmptyState title={`No ${STATUS_TABS.find((t) => t.value === filters.status)?.label.toLowerCase() ?? ''} pathways${filters.department ? ' in this department' : ''}`}>
            <Link href={hrefFor(filters, { status: 'all', department: undefined, page: 1 })} className="text-brand-700 underline">
              Show every pathway
            </Link>
          </EmptyState>
        )
      ) : (
        <Card title={`${list.total} pathway${list.total === 1 ? '' : 's'}`}>
          <table className="table-reflow w-full text-sm" data-testid="assigned-pathways">
            <thead>
              <tr className="text-left text-xs text-slate-500">
                <th className="pb-2 font-medium">Person</th>
                <th className="pb-2 font-medium">Target role</th>
                <th className="pb-2 font-medium">Progress</th>
                <th className="pb-2 font-medium">Target date</th>
                <th className="pb-2 font-medium">Status</th>
                <th className="pb-2 font-medium">Assigned</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {list.items.map((a) => (
                <tr key={a.id}>
                  <td className="py-2 pr-3">
                    <Link href={`/pathways/${encodeURIComponent(a.id)}`} className="font-medium text-brand-700 hover:underline">
                      {a.person.name}
                    </Link>
                    {a.person.departmentName && <span className="block text-xs text-slate-500">{a.person.departmentName}</span>}
                  </td>
                  <td data-label="Target role" className="py-2 pr-3">
                    {a.roleName}
                  </td>
                  <td data-label="Progress" className="py-2 pr-3">
                    <PathwayProgressBar progress={a.progress} label={`${a.person.name}: pathway to ${a.roleName}`} />
                  </td>
                  <td data-label="Target date" className="py-2 pr-3">
                    {a.targetDate ? formatDay(a.targetDate) : <span className="text-slate-500">None</span>}
                  </td>
                  <td data-label="Status" className="py-2 pr-3">
                    <AssignmentStatusBadge status={a.status} isOverdue={a.isOverdue} />
                  </td>
                  <td data-label="Assigned" className="py-2 text-xs text-slate-600">
                    {formatIsoDay(a.createdAt)}
                    {a.assignedByName ? ` by ${a.assignedByName}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={list.page} pages={pages} hrefFor={(page) => hrefFor(filters, { page })} label="Pathway pages" />
        </Card>
      )}
    </div>
  );
}
