import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { LevelBar } from '@/components/ui/level-bar';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { getActor } from '@/lib/auth/session';
import { describeDrillDown, getInsightPeople, type InsightPeople } from '@/lib/data/insights';
import { insightsQueryString, monthLabel } from '@/lib/domain/insights';
import { levelName } from '@/lib/domain/levels';
import { can } from '@/lib/domain/permissions';

export const dynamic = 'force-dynamic';

type SearchParams = Record<string, string | string[] | undefined>;
type Props = { searchParams: Promise<SearchParams> };

// One read per request, shared by the title and the page (React's cache is per request; keyed by
// the serialised parameters because the two receive different objects).
const loadPeople = cache(async (paramsJson: string): Promise<InsightPeople | null> => {
  const actor = await getActor();
  if (!actor || !can(actor, 'insights.view')) return null;
  return getInsightPeople(actor, JSON.parse(paramsJson) as SearchParams);
});

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const res = await loadPeople(JSON.stringify(await searchParams));
  if (!res?.skill) return { title: 'People behind the number' };
  return { title: `${res.skill.name}: ${res.kind === 'gap' ? 'the gap' : res.kind === 'level' ? `at ${levelName(res.level)}` : 'verified supply'} · Insights` };
}

export default async function InsightPeoplePage({ searchParams }: Props) {
  const res = await loadPeople(JSON.stringify(await searchParams));
  if (!res) notFound();
  const back = `/insights${insightsQueryString({ departments: res.departments.map((d) => d.id), families: res.families })}`;
  const byMonth = res.kind === 'credentials' || res.kind === 'covered';
  // A month list keeps every chosen skill and the level filter as given (the chart's pairs); a skill
  // list pins the level it counted at.
  const listFilters = {
    departments: res.departments.map((d) => d.id),
    families: res.families,
    skills: byMonth ? res.skills : res.skill ? [res.skill.id] : [],
    level: byMonth ? (res.levelSource === 'filter' ? res.level : null) : res.level,
  };
  const same = (extra: Record<string, string | number | undefined>) => `/insights/people${insightsQueryString(listFilters, { kind: res.kind, month: res.month ?? undefined, ...extra })}`;
  const csvHref = `/insights/people/export${insightsQueryString(listFilters, { kind: res.kind, month: res.month ?? undefined })}`;
  const where = res.departments.length > 0 ? res.departments.map((d) => d.name).join(', ') : 'the whole organisation';
  const pages = Math.max(1, Math.ceil(res.total / res.pageSize));
  const gap = res.demand - res.supply;

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href={back} className="text-brand-700 underline">
          ← Back to insights
        </Link>
      </p>
      <PageHeader
        title={
          byMonth && res.month
            ? `${res.kind === 'credentials' ? 'Credentials earned' : 'Covered'} in ${monthLabel(res.month)}`
            : res.skill
              ? `${res.skill.name}: ${res.kind === 'gap' ? 'the gap' : res.kind === 'level' ? `at ${levelName(res.level)}` : 'verified supply'}`
              : 'People behind the number'
        }
        description={res.skill || (byMonth && res.month) ? `${describeDrillDown(res)}, in ${where}${res.families.length > 0 ? ` (role family ${res.families.join(', ')})` : ''}.` : undefined}
      />
      {res.problems.length > 0 && (
        <Alert tone="warning">
          <ul className="list-inside list-disc">
            {res.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Alert>
      )}
      {byMonth && res.month && (
        <MonthList res={res} where={where} csvHref={csvHref} pages={pages} same={same} />
      )}
      {res.skill && !byMonth && (
        <>
          <dl className="grid grid-cols-2 gap-3 md:grid-cols-4" aria-label="Summary">
            {[
              ['Level counted', `${res.level} ${levelName(res.level)}${res.levelSource === 'required' ? ' (required)' : ''}`],
              ['Demand (open seats)', res.demand],
              ['Verified supply', res.supply],
              ['Gap', gap],
            ].map(([label, value]) => (
              <div key={label} className="rounded-lg border border-slate-200 bg-white px-4 py-3">
                <dt className="text-xs text-slate-500">{label}</dt>
                <dd className="text-lg font-semibold tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
          <nav aria-label="Lists" className="flex flex-wrap gap-2 text-sm">
            {(
              [
                ['supply', `Verified at ${levelName(res.level)} or above`],
                ['gap', `Below ${levelName(res.level)} (could close the gap)`],
              ] as const
            ).map(([kind, label]) => (
              <Link
                key={kind}
                href={same({ kind })}
                aria-current={res.kind === kind ? 'page' : undefined}
                className={res.kind === kind ? 'rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white' : 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-slate-800 hover:bg-slate-50'}
              >
                {label}
              </Link>
            ))}
          </nav>
          <Card title={`${res.total} ${res.total === 1 ? 'person' : 'people'}`} actions={<CsvLink href={csvHref} />}>
            {res.people.length === 0 && res.total > 0 ? (
              <EmptyState title={`Page ${res.page} is past the end of this list`} action={<Link href={same({})} className="text-sm font-medium text-brand-700 underline">Go to the first page</Link>}>
                The list has {pages} {pages === 1 ? 'page' : 'pages'}.
              </EmptyState>
            ) : res.people.length === 0 ? (
              <EmptyState title={res.kind === 'gap' ? `Nobody in ${where} holds ${res.skill.name} below ${levelName(res.level)}` : `Nobody in ${where} holds ${res.skill.name} verified at this level`}>
                {res.kind === 'gap'
                  ? 'The gap can only close by hiring, or by training people who have no verified level in this skill yet.'
                  : 'No employee in scope has a verified, unexpired credential for this skill at this level.'}
              </EmptyState>
            ) : (
              <table className="table-reflow min-w-full text-left text-sm">
                <caption className="sr-only">{describeDrillDown(res)}</caption>
                <thead className="text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="px-3 py-2 font-medium">Name</th>
                    <th scope="col" className="px-3 py-2 font-medium">Current role</th>
                    <th scope="col" className="px-3 py-2 font-medium">Department</th>
                    <th scope="col" className="px-3 py-2 font-medium">Verified level</th>
                    <th scope="col" className="px-3 py-2 font-medium">Achieved</th>
                    <th scope="col" className="px-3 py-2 font-medium">Mobility</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {res.people.map((p) => (
                    <tr key={p.id}>
                      <PersonHeaderCell id={p.id} name={p.name} />
                      <td data-label="Current role" className="px-3 py-2 text-slate-700">{p.currentRole || '—'}</td>
                      <td data-label="Department" className="px-3 py-2 text-slate-700">{p.departmentName ?? '—'}</td>
                      <td data-label="Verified level" className="px-3 py-2">
                        <LevelBar level={p.level} required={res.level} />
                      </td>
                      <td data-label="Achieved" className="px-3 py-2 text-slate-700">{p.achievedAt ? p.achievedAt.slice(0, 10) : '—'}</td>
                      <td data-label="Mobility" className="px-3 py-2 text-slate-700">{p.openToMobility ? 'Open to move' : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <Pager page={res.page} pages={pages} hrefFor={(page) => same({ page })} />
          </Card>
          <Card title="The demand behind the number">
            {res.roles.length === 0 ? (
              <p className="text-sm text-slate-600">No role profile in this selection asks for {res.skill.name}.</p>
            ) : (
              <table className="table-reflow min-w-full text-left text-sm">
                <caption className="sr-only">Role profiles that require {res.skill.name}</caption>
                <thead className="text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="px-3 py-2 font-medium">Role profile</th>
                    <th scope="col" className="px-3 py-2 font-medium">Requires</th>
                    <th scope="col" className="px-3 py-2 font-medium">Open seats</th>
                    <th scope="col" className="px-3 py-2 font-medium">Planned headcount</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {res.roles.map((r) => (
                    <tr key={r.id}>
                      <th scope="row" className="px-3 py-2 font-medium">
                        <Link href={`/roles/${encodeURIComponent(r.id)}`} className="text-brand-700 underline">
                          {r.name}
                        </Link>
                      </th>
                      <td data-label="Requires" className="px-3 py-2">{`${r.minLevel} ${levelName(r.minLevel)}`}</td>
                      <td data-label="Open seats" className="px-3 py-2 tabular-nums">{r.openSeats}</td>
                      <td data-label="Planned headcount" className="px-3 py-2 tabular-nums">{r.plannedHeadcount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Card>
        </>
      )}
      {!res.skill && !byMonth && <EmptyState title="Choose a bar or a cell on the insights page" action={<Link href="/insights" className="text-sm font-medium text-brand-700 underline">Open insights</Link>}>This list shows the people behind one number: a skill, a level and optionally a department.</EmptyState>}
    </div>
  );
}

/** A row's header cell: the person's name, linked to their profile. */
function PersonHeaderCell({ id, name }: { id: string; name: string }) {
  return (
    <th scope="row" className="px-3 py-2 font-medium">
      <Link href={`/people/${encodeURIComponent(id)}`} className="text-brand-700 underline">
        {name}
      </Link>
    </th>
  );
}

function CsvLink({ href }: { href: string }) {
  return (
    <a href={href} download className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-50" aria-label="Download this list as CSV">
      CSV
    </a>
  );
}

/** The people behind a month: who earned that month's credentials, or who was covered by its end. */
function MonthList({ res, where, csvHref, pages, same }: { res: InsightPeople; where: string; csvHref: string; pages: number; same: (extra: Record<string, string | number | undefined>) => string }) {
  const credentials = res.kind === 'credentials';
  return (
    <Card
      title={credentials ? `${res.total} ${res.total === 1 ? 'person' : 'people'}, ${res.credentialCount} ${res.credentialCount === 1 ? 'credential' : 'credentials'}` : `${res.total} ${res.total === 1 ? 'person' : 'people'} covered`}
      actions={<CsvLink href={csvHref} />}
    >
      {res.people.length === 0 ? (
        <EmptyState title={credentials ? `Nobody in ${where} earned a verified credential in ${monthLabel(res.month!)}` : `Nobody in ${where} was covered by the end of ${monthLabel(res.month!)}`}>
          {res.total > 0 ? `The list has ${pages} ${pages === 1 ? 'page' : 'pages'}.` : 'Choose another month or widen the filters.'}
        </EmptyState>
      ) : (
        <table className="min-w-full text-left text-sm">
          <caption className="sr-only">{describeDrillDown(res)}</caption>
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">Name</th>
              <th scope="col" className="px-3 py-2 font-medium">Current role</th>
              <th scope="col" className="px-3 py-2 font-medium">Department</th>
              <th scope="col" className="px-3 py-2 font-medium">{credentials ? 'Credentials that month' : 'First covered'}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {res.people.map((p) => (
              <tr key={p.id}>
                <PersonHeaderCell id={p.id} name={p.name} />
                <td className="px-3 py-2 text-slate-700">{p.currentRole || '—'}</td>
                <td className="px-3 py-2 text-slate-700">{p.departmentName ?? '—'}</td>
                <td className="px-3 py-2 tabular-nums text-slate-700">{credentials ? p.credentials : p.achievedAt ? p.achievedAt.slice(0, 10) : 'undated (counted from the start)'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={res.page} pages={pages} hrefFor={(page) => same({ page })} />
    </Card>
  );
}
