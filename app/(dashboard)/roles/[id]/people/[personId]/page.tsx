import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { LevelBar } from '@/components/ui/level-bar';
import { PageHeader } from '@/components/ui/page-header';
import { MatchMeter } from '@/components/roles/match-meter';
import { ProjectedMatchChart } from '@/components/roles/projected-match-chart';
import { getActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { findOpenAssignment, type AssignmentSummary } from '@/lib/data/pathway-assignments';
import { getPersonRolePlan, type NamedGap, type NamedPathway, type PersonRolePlan } from '@/lib/data/pathways';
import { isAppError } from '@/lib/domain/app-error';
import { formatIsoDay } from '@/lib/domain/format-date';
import { levelName } from '@/lib/domain/levels';
import { can } from '@/lib/domain/permissions';
import { AssignmentStatusBadge, PathwayProgressBar, formatDay } from '@/components/pathways/pathway-progress';
import { AssignPathwayForm } from '../../../../pathways/_components/assign-pathway-form';
import { safeDecode } from '../../../_components/search-params';

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ id: string; personId: string }> };

const pct = (score: number) => Math.round(score * 100);

// One read per request, shared by the title and the page (React's cache is per request).
const loadPlan = cache(async (id: string, personId: string): Promise<PersonRolePlan | null> => {
  const actor = await getActor();
  if (!actor || !can(actor, 'pathways.view')) return null;
  return getPersonRolePlan(await getDb(), actor, safeDecode(id), safeDecode(personId)).catch((err: unknown) => {
    // Not found, another department, or no permission: all the same 404, so hidden people do not leak.
    if (isAppError(err) && (err.code === 'not_found' || err.code === 'forbidden')) return null;
    throw err;
  });
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id, personId } = await params;
  const plan = await loadPlan(id, personId);
  return { title: plan ? `${plan.person.name} → ${plan.role.name} · Gap and pathway` : 'Not found' };
}

export default async function PersonPathwayPage({ params }: Props) {
  const { id, personId } = await params;
  const plan = await loadPlan(id, personId);
  if (!plan) notFound();
  const { role, person, pathway, nextRole } = plan;
  const roleHref = `/roles/${encodeURIComponent(role.id)}`;
  const actor = await getActor();
  // Pathways are assigned to employees; a candidate has no role here yet.
  const canAssign = !!actor && can(actor, 'pathways.assign') && plan.person.kind === 'employee';
  const assigned = actor && plan.person.kind === 'employee' ? await findOpenAssignment(await getDb(), actor, person.id, role.id) : null;

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/roles" className="hover:underline">
          Roles
        </Link>{' '}
        ›{' '}
        <Link href={roleHref} className="hover:underline">
          {role.name}
        </Link>{' '}
        › {person.name}
      </nav>
      <PageHeader
        title={`${person.name} → ${role.name}`}
        description={
          <>
            {person.currentRole || 'No current role recorded'}
            {person.departmentName ? ` · ${person.departmentName}` : ''}
            {person.openToMobility ? ' · open to a move' : ''}. Gaps and pathway from verified credentials only.{' '}
            <Link href={`/people/${encodeURIComponent(person.id)}`} className="text-brand-700 underline">
              Full profile
            </Link>
          </>
        }
      />

      <div className="grid gap-4 md:grid-cols-3">
        <Card title="Match now">
          <MatchMeter percent={pct(pathway.currentScore)} label="Match now" />
          <p className="mt-2 text-sm text-slate-600">
            {pathway.metCount} of {pathway.requirementCount} requirements met{!pathway.currentEligible && ' · misses an essential one'}
          </p>
        </Card>
        <Card title="After the pathway">
          <div data-testid="final-match">
            <MatchMeter percent={pct(pathway.finalScore)} label="Projected match after the pathway" />
          </div>
          <p className="mt-2 text-sm text-slate-600">{summaryLine(pathway)}</p>
        </Card>
        <Card title="Credentials to earn">
          <p className="text-3xl font-semibold tabular-nums text-slate-900">{pathway.credentialCount}</p>
          <p className="mt-1 text-sm text-slate-600">
            {pathway.method === 'exact' ? 'The fewest possible from the catalog.' : pathway.method === 'greedy' ? 'A short plan (many gaps: chosen greedily, most gaps closed per credential first).' : ''}
            {' '}
            {plan.catalogSize} badges in the catalog.
          </p>
        </Card>
      </div>

      <Card title={`Gaps (${pathway.gaps.length})`}>
        <GapTable pathway={pathway} />
        {plan.met.length > 0 && (
          <details className="mt-3 text-sm">
            <summary className="cursor-pointer text-slate-600">Already met ({plan.met.length})</summary>
            <ul className="mt-2 space-y-1" data-testid="met-requirements">
              {plan.met.map((m) => (
                <li key={m.skill} className="text-slate-700">
                  <span className="text-emerald-600" aria-hidden>
                    ✓
                  </span>{' '}
                  {m.skillName}: {m.levelName} verified ({m.requiredName} required){m.essential ? ' · essential' : ''}
                </li>
              ))}
            </ul>
          </details>
        )}
      </Card>

      <Card title="Pathway">
        <PathwaySteps pathway={pathway} />
      </Card>

      {(assigned || canAssign) && (
        <Card title="Assign and track">
          <AssignCardBody plan={plan} assigned={assigned} canAssign={canAssign} />
        </Card>
      )}

      <Card title="Next role up the ladder">
        {nextRole ? (
          <div className="space-y-3">
            <p className="text-sm text-slate-700">
              After {role.name}, the next step on the {role.track} ladder is{' '}
              <Link href={`/roles/${encodeURIComponent(nextRole.role.id)}`} className="font-medium text-brand-700 hover:underline">
                {nextRole.role.name}
              </Link>
              . Against it, {person.name} matches <strong>{pct(nextRole.pathway.currentScore)} %</strong> today with {nextRole.pathway.gaps.length} gap
              {nextRole.pathway.gaps.length === 1 ? '' : 's'}; {summaryLine(nextRole.pathway).toLowerCase()}
            </p>
            <GapTable pathway={nextRole.pathway} compact />
            <Link href={`/roles/${encodeURIComponent(nextRole.role.id)}/people/${encodeURIComponent(person.id)}`} className="text-sm text-brand-700 hover:underline">
              Plan for {nextRole.role.name} →
            </Link>
          </div>
        ) : (
          <p className="text-sm text-slate-600">{role.track ? `${role.name} is the top of the ${role.track} ladder.` : 'This role is not on a ladder, so there is no next role up.'}</p>
        )}
        {person.currentRoleProfile && person.currentRoleProfile.id !== role.id && (
          <p className="mt-3 text-sm text-slate-500">
            {person.name} holds{' '}
            <Link href={`/roles/${encodeURIComponent(person.currentRoleProfile.id)}`} className="hover:underline">
              {person.currentRoleProfile.name}
            </Link>{' '}
            today.
          </p>
        )}
      </Card>
    </div>
  );
}

function AssignCardBody({ plan, assigned, canAssign }: { plan: PersonRolePlan; assigned: AssignmentSummary | null; canAssign: boolean }) {
  const { person, role, pathway } = plan;
  if (assigned) {
    return (
      <div className="space-y-2 text-sm text-slate-700" data-testid="assigned-pathway">
        <p>
          Assigned to {person.name} on {formatIsoDay(assigned.createdAt)}
          {assigned.targetDate ? `, target ${formatDay(assigned.targetDate)}` : ''}. <AssignmentStatusBadge status={assigned.status} isOverdue={assigned.isOverdue} />
        </p>
        <PathwayProgressBar progress={assigned.progress} label={`Assigned pathway to ${role.name}`} />
        <Link href={`/pathways/${encodeURIComponent(assigned.id)}`} className="text-brand-700 underline">
          Open the assigned pathway
        </Link>
      </div>
    );
  }
  if (!canAssign) return null;
  if (pathway.steps.length === 0) {
    return <p className="text-sm text-slate-600">{pathway.status === 'partial' ? 'No catalog badge closes these gaps, so there is no pathway of badges to assign.' : `Nothing to assign: ${person.name} already meets every requirement of this role.`}</p>;
  }
  return <AssignPathwayForm personId={person.id} personName={person.name} roleId={role.id} roleName={role.name} stepCount={pathway.steps.length} today={new Date().toISOString().slice(0, 10)} />;
}

function summaryLine(p: NamedPathway): string {
  switch (p.status) {
    case 'no-requirements':
      return 'This role has no requirements: nothing to close.';
    case 'already-meets':
      return 'Already meets every requirement: nothing to close.';
    case 'closes-all':
      return `${p.credentialCount} credential${p.credentialCount === 1 ? '' : 's'} close${p.credentialCount === 1 ? 's' : ''} every gap.`;
    case 'partial':
      return `${p.unclosable.length} gap${p.unclosable.length === 1 ? '' : 's'} no catalog badge can close.`;
  }
}

function GapTable({ pathway, compact = false }: { pathway: NamedPathway; compact?: boolean }) {
  if (pathway.status === 'no-requirements') return <p className="text-sm text-slate-600">This role has no requirements: nothing to close.</p>;
  if (pathway.gaps.length === 0) return <p className="text-sm text-emerald-800">Every requirement is met at the required level: nothing to close.</p>;
  return (
    <table className="table-reflow w-full text-sm" data-testid={compact ? 'next-role-gaps' : 'gaps'}>
      <thead>
        <tr className="text-left text-xs text-slate-500">
          <th className="pb-1 font-medium">Skill</th>
          <th className="pb-1 font-medium">Current</th>
          <th className="pb-1 font-medium">Required</th>
          {!compact && <th className="pb-1 font-medium">Can the catalog close it?</th>}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {pathway.gaps.map((g) => (
          <tr key={g.skill}>
            <td className="py-1.5 pr-2">
              {g.skillName}
              {g.essential && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">essential</span>}
            </td>
            <td data-label="Current" className="py-1.5 pr-2">{compact ? g.currentName : <LevelBar level={g.current} required={g.required} label={`${g.skillName}: ${g.currentName} now, ${g.requiredName} required`} />}</td>
            <td data-label="Required" className="py-1.5 pr-2">{g.requiredName}</td>
            {!compact && <td data-label="Can the catalog close it?" className="py-1.5 text-xs">{g.closable ? <span className="text-emerald-800">Yes</span> : <Unclosable gap={g} />}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Unclosable({ gap }: { gap: NamedGap }) {
  return (
    <span className="text-red-800">
      No: no badge in the catalog proves {gap.skillName} at {gap.requiredName}.
      {gap.bestAvailable ? ` The highest on offer is “${gap.bestAvailable.name}” (${levelName(gap.bestAvailable.level)}).` : ' The catalog has nothing for this skill.'}
    </span>
  );
}

function PathwaySteps({ pathway }: { pathway: NamedPathway }) {
  if (pathway.status === 'no-requirements') return <p className="text-sm text-slate-600">This role has no requirements: nothing to close.</p>;
  if (pathway.status === 'already-meets') return <p className="text-sm text-emerald-800">Nothing to close: no credentials needed for this role.</p>;
  const points = [
    { label: 'Now', percent: pct(pathway.currentScore), name: 'Verified levels today' },
    ...pathway.steps.map((s) => ({ label: `Step ${s.position}`, percent: pct(s.projectedScore), name: s.name })),
  ];
  return (
    <div className="space-y-4">
      {pathway.steps.length === 0 ? (
        <Alert tone="warning">No badge in the catalog closes any of these gaps. The gaps below need training or evidence from outside the catalog.</Alert>
      ) : (
        <div className="grid gap-6 lg:grid-cols-5">
          <ol className="space-y-3 lg:col-span-3" data-testid="pathway-steps">
            {pathway.steps.map((s) => (
              <li key={s.achievementId} className="rounded-md border border-slate-200 p-3" data-testid="pathway-step">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <p className="font-medium text-slate-900">
                    <span className="mr-2 text-slate-500">{s.position}.</span>
                    {s.name}
                    {s.kind === 'stack' && <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs font-medium text-brand-700">certificate · {s.credentialCount} badges</span>}
                  </p>
                  <p className="text-sm text-slate-700">
                    Projected match <strong className="tabular-nums">{pct(s.projectedScore)} %</strong>
                  </p>
                </div>
                {s.issuerName && <p className="text-xs text-slate-500">Issued by {s.issuerName}</p>}
                {s.parts.length > 0 && (
                  <p className="mt-1 text-xs text-slate-600">
                    Earn: {s.parts.map((p) => p.name).join(', ')}
                  </p>
                )}
                <p className="mt-1 text-sm text-slate-700">
                  Why: closes {s.closes.map((c) => `${c.skillName} (${c.fromName} → ${c.toName}, ${c.requiredName} required)`).join('; ')}
                  {s.raises.length > 0 && <>; also raises {s.raises.map((c) => `${c.skillName} (${c.fromName} → ${c.toName})`).join('; ')}</>}.
                </p>
              </li>
            ))}
          </ol>
          <div className="lg:col-span-2">
            <ProjectedMatchChart points={points} />
          </div>
        </div>
      )}
      {pathway.unclosable.length > 0 && (
        <div>
          <h3 className="text-sm font-semibold text-slate-900">Gaps no catalog badge can close</h3>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-700" data-testid="unclosable-gaps">
            {pathway.unclosable.map((g) => (
              <li key={g.skill}>
                {g.skillName}: {g.currentName} now, {g.requiredName} required. <Unclosable gap={g} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
