import Link from 'next/link';
import { AssignmentStatusBadge, PathwayProgressBar, formatDay } from '@/components/pathways/pathway-progress';
import { Card } from '@/components/ui/card';
import type { AssignmentSummary } from '@/lib/data/pathway-assignments';

/** The person's assigned pathways with their progress; each opens its own page. */
export function PathwaysCard({ personName, assignments, canAssign }: { personName: string; assignments: AssignmentSummary[]; canAssign: boolean }) {
  return (
    <Card title={`Assigned pathways (${assignments.length})`}>
      {assignments.length === 0 ? (
        <p className="text-sm text-slate-600">
          No pathway is assigned to {personName}.{' '}
          {canAssign ? (
            <>
              Open a role on{' '}
              <Link href="/roles" className="text-brand-700 underline">
                Roles
              </Link>
              , choose {personName} in its ranking, and assign the badges they still need from their gap and pathway page.
            </>
          ) : null}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="profile-pathways">
          {assignments.map((a) => (
            <li key={a.id} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2">
              <div className="min-w-0">
                <Link href={`/pathways/${encodeURIComponent(a.id)}`} className="font-medium text-brand-700 hover:underline">
                  {a.roleName}
                </Link>
                <span className="ml-2">
                  <AssignmentStatusBadge status={a.status} isOverdue={a.isOverdue} />
                </span>
                <span className="block text-xs text-slate-500">{a.targetDate ? `Target ${formatDay(a.targetDate)}` : 'No target date'}</span>
              </div>
              <PathwayProgressBar progress={a.progress} label={`Pathway to ${a.roleName}`} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
