// One assigned pathway: who, which role, the target date, and each step's state with the credentials
// behind it. 404 for an assignment outside the actor's scope, as for one that does not exist.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { AssignmentStatusBadge, PathwayProgressBar, StepStateBadge, formatDay } from '@/components/pathways/pathway-progress';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { PageHeader } from '@/components/ui/page-header';
import { getActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getPathwayAssignment, type AssignmentDetail } from '@/lib/data/pathway-assignments';
import { isAppError } from '@/lib/domain/app-error';
import { formatIsoDay } from '@/lib/domain/format-date';
import { levelName } from '@/lib/domain/levels';
import { can } from '@/lib/domain/permissions';
import { first, safeDecode, type RawSearchParams } from '../../roles/_components/search-params';
import { cancelPathwayAction } from '../_actions/cancel-pathway';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> };

const loadAssignment = cache(async (id: string): Promise<AssignmentDetail | null> => {
  const actor = await getActor();
  if (!actor || !can(actor, 'pathways.view')) return null;
  return getPathwayAssignment(await getDb(), actor, safeDecode(id)).catch((err: unknown) => {
    if (isAppError(err) && (err.code === 'not_found' || err.code === 'forbidden')) return null;
    throw err;
  });
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const a = await loadAssignment((await params).id);
  return { title: a ? `${a.person.name} → ${a.roleName} · Assigned pathway` : 'Not found' };
}

const when = (iso: string) => formatIsoDay(iso);

export default async function PathwayAssignmentPage({ params, searchParams }: Props) {
  const a = await loadAssignment((await params).id);
  if (!a) notFound();
  const justAssigned = first(await searchParams, 'assigned') === '1';
  const personHref = `/people/${encodeURIComponent(a.person.id)}`;

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/pathways" className="hover:underline">
          Assigned pathways
        </Link>{' '}
        › {a.person.name}
      </nav>
      <PageHeader
        title={`${a.person.name} → ${a.roleName}`}
        description={
          <>
            Assigned {when(a.createdAt)}
            {a.assignedByName ? ` by ${a.assignedByName}` : ''}
            {a.person.departmentName ? ` · ${a.person.departmentName}` : ''}.{' '}
            <Link href={personHref} className="text-brand-700 underline">
              Profile
            </Link>
            {a.roleId && (
              <>
                {' · '}
                <Link href={`/roles/${encodeURIComponent(a.roleId)}/people/${encodeURIComponent(a.person.id)}`} className="text-brand-700 underline">
                  Today’s gaps for this role
                </Link>
              </>
            )}
          </>
        }
        actions={
          a.canManage && a.status !== 'cancelled' ? (
            <ConfirmButton
              action={cancelPathwayAction}
              fields={{ assignmentId: a.id }}
              title="Cancel this pathway?"
              description={`${a.person.name} keeps every credential; the pathway stops being tracked and leaves the open list. You can assign it again later.`}
              confirmLabel="Cancel pathway"
              variant="secondary"
            >
              Cancel pathway
            </ConfirmButton>
          ) : undefined
        }
      />
      {justAssigned && <Alert tone="success">Pathway assigned. Its steps update by themselves as {a.person.name}’s credentials arrive.</Alert>}

      <div className="grid gap-4 md:grid-cols-3">
        <Card title="Progress">
          <PathwayProgressBar progress={a.progress} label={`Pathway to ${a.roleName}`} />
          <p className="mt-2 text-3xl font-semibold tabular-nums text-slate-900">{a.progress.percent} %</p>
        </Card>
        <Card title="Status">
          <AssignmentStatusBadge status={a.status} isOverdue={a.isOverdue} />
          {a.completedAt && <p className="mt-2 text-sm text-slate-600">Completed {when(a.completedAt)}.</p>}
        </Card>
        <Card title="Target date">
          <p className="text-sm text-slate-800">{a.targetDate ? formatDay(a.targetDate) : 'No target date set.'}</p>
          {a.isOverdue && <p className="mt-1 text-sm text-red-800">The target date has passed with steps still to earn.</p>}
        </Card>
      </div>
      {a.note && (
        <Card title="Note">
          <p className="whitespace-pre-line text-sm text-slate-800">{a.note}</p>
        </Card>
      )}

      <Card title={`Steps (${a.steps.length})`}>
        <ol className="space-y-3" data-testid="assignment-steps">
          {a.steps.map((s) => (
            <li key={s.position} className="rounded-md border border-slate-200 p-3" data-testid="assignment-step" data-state={s.state} data-targets={JSON.stringify(s.targets.map((t) => ({ skill: t.skill, name: t.skillName, level: t.level, baseline: t.baseline })))}>
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <p className="font-medium text-slate-900">
                  <span className="mr-2 text-slate-500">{s.position}.</span>
                  {s.name}
                  {s.kind === 'stack' && <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs font-medium text-brand-700">certificate</span>}
                </p>
                <StepStateBadge state={s.state} />
              </div>
              {s.issuerName && <p className="text-xs text-slate-500">Issued by {s.issuerName}</p>}
              {s.parts.length > 0 && <p className="mt-1 text-xs text-slate-600">Earn: {s.parts.map((p) => p.name).join(', ')}</p>}
              <p className="mt-1 text-sm text-slate-700">
                Proves {s.targets.map((t) => `${t.skillName} at ${levelName(t.level)} (held ${t.baseline > 0 ? levelName(t.baseline) : 'none'} when assigned)`).join('; ')}.
              </p>
              {s.state !== 'not_started' && (
                <p className="mt-1 text-xs text-slate-600">
                  {s.state === 'earned' && s.earnedAt ? `Earned ${when(s.earnedAt)}` : s.startedAt ? `Started ${when(s.startedAt)}` : ''}
                  {s.credentialIds.length > 0 && (
                    <>
                      {' · '}
                      <Link href={`${personHref}#credentials`} className="text-brand-700 underline">
                        {s.credentialIds.length} credential{s.credentialIds.length === 1 ? '' : 's'} on the profile
                      </Link>
                    </>
                  )}
                </p>
              )}
            </li>
          ))}
        </ol>
      </Card>
    </div>
  );
}
