import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CoverageHeatmap, type HeatmapData } from '@/components/charts/coverage-heatmap';
import { LevelDistributionChart } from '@/components/charts/level-distribution-chart';
import { CoverageOverTimeChart, CredentialsPerMonthChart } from '@/components/charts/monthly-chart';
import { SupplyDemandChart } from '@/components/charts/supply-demand-chart';
import { ChartCard, DataTable } from '@/components/insights/chart-card';
import { Alert } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { getActor } from '@/lib/auth/session';
import { getInsights, type InsightsReport } from '@/lib/data/insights';
import { insightsQueryString, type InsightsChart, type InsightsFilterValues } from '@/lib/domain/insights';
import { levelName } from '@/lib/domain/levels';
import { can } from '@/lib/domain/permissions';
import { HeatmapPicker } from './_components/heatmap-picker';
import { InsightsFilters } from './_components/insights-filters';

export const metadata: Metadata = { title: 'Workforce insights' };
export const dynamic = 'force-dynamic';

/** Bars drawn in the supply vs demand chart; its table and CSV hold every skill. */
const CHART_BARS = 15;

type SearchParams = Record<string, string | string[] | undefined>;

function peopleHref(filters: InsightsFilterValues, skillId: string, level: number, kind: 'supply' | 'gap' | 'level', departmentId?: string): string {
  return `/insights/people${insightsQueryString(
    { departments: departmentId ? [departmentId] : filters.departments, families: filters.families, skills: [skillId], level: level as InsightsFilterValues['level'] },
    { kind },
  )}`;
}

/** A month of "credentials per month" or "coverage over time": every filter of the page travels along. */
function monthHref(filters: InsightsFilterValues, kind: 'credentials' | 'covered', month: string): string {
  return `/insights/people${insightsQueryString(filters, { kind, month })}`;
}

function csvHref(filters: InsightsFilterValues, chart: InsightsChart): string {
  return `/insights/export${insightsQueryString(filters, { chart })}`;
}

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 1000) / 10}%`);

export default async function InsightsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await getActor();
  // Without the permission the page does not exist for you (the same 404 as a missing page).
  if (!actor || !can(actor, 'insights.view')) notFound();
  let report: InsightsReport;
  try {
    report = await getInsights(actor, await searchParams);
  } catch (err) {
    // The figures come from the search engine: when it does not answer, say so instead of a broken page.
    console.error('[insights] could not compute the figures', err);
    return (
      <div className="space-y-6">
        <PageHeader title="Workforce skills" />
        <Alert tone="error">The figures could not be computed just now: the search engine did not answer. Try again in a moment; the admin page shows the index health.</Alert>
      </div>
    );
  }
  const { filters } = report;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Workforce skills"
        description="Verified skill supply among employees against the open seats of role profiles, by department and over time. Only verified, unexpired, unrevoked credentials count. Click any bar or cell to see the people behind it."
      />
      <InsightsFilters filters={filters} choices={report.choices} />
      {report.problems.length > 0 && (
        <Alert tone="warning">
          <ul className="list-inside list-disc">
            {report.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </Alert>
      )}
      <InsightsBody report={report} />
    </div>
  );
}

function InsightsBody({ report }: { report: InsightsReport }) {
  const { filters, data } = report;
  if (report.missing.length > 0) {
    return (
      <EmptyState title="These filters name something that does not exist" action={<Link className="text-sm font-medium text-brand-700 underline" href="/insights">Show the whole organisation</Link>}>
        <ul className="list-inside list-disc text-left">
          {report.missing.map((m) => (
            <li key={`${m.field}:${m.value}`}>
              There is no {m.field === 'family' ? 'role family' : m.field} <strong>{m.value}</strong> in this organisation.
            </li>
          ))}
        </ul>
      </EmptyState>
    );
  }
  if (report.employeeCount === 0 && report.roleProfileCount === 0) {
    const scoped = filters.departments.length > 0 || filters.families.length > 0;
    return (
      <EmptyState title={scoped ? 'No employees and no role profiles in this selection' : 'No employees and no role profiles yet'}>
        {scoped
          ? 'Choose another department or role family, or reset the filters.'
          : 'Insights compare employees’ verified skills with the skills role profiles ask for. Import employees’ credentials and add role profiles with open seats, and the charts fill in.'}
      </EmptyState>
    );
  }

  const departmentName = new Map(report.choices.departments.map((d) => [d.id, d.name]));
  const scopeText = filters.departments.length > 0 ? filters.departments.map((d) => departmentName.get(d) ?? d).join(', ') : 'the whole organisation';

  const bars = data.supplyDemand.slice(0, CHART_BARS).map((r) => ({
    skillName: r.skillName,
    demand: r.demand,
    supply: r.supply,
    gap: r.gap,
    plannedHeadcount: r.plannedHeadcount,
    levelName: levelName(r.level),
    supplyHref: peopleHref(filters, r.skillId, r.level, 'supply'),
    gapHref: peopleHref(filters, r.skillId, r.level, 'gap'),
  }));
  const heatmap: HeatmapData = {
    skills: data.coverage.skills.map((s) => ({ id: s.id, name: s.name, levelName: levelName(s.level) })),
    rows: data.coverage.departments.map((d) => ({
      id: d.id,
      name: d.name,
      size: d.size,
      cells: data.coverage.skills.map((s) => {
        const c = data.coverage.cells.find((x) => x.departmentId === d.id && x.skillId === s.id);
        return { count: c?.count ?? 0, size: d.size, share: c?.share ?? null, href: peopleHref(filters, s.id, s.level, 'supply', d.id) };
      }),
    })),
  };
  const levelBars = data.levels.map((r) => ({
    skillName: r.skillName,
    l1: r.exact[0],
    l2: r.exact[1],
    l3: r.exact[2],
    l4: r.exact[3],
    l5: r.exact[4],
    hrefs: [1, 2, 3, 4, 5].map((l) => peopleHref(filters, r.skillId, l, 'level')) as [string, string, string, string, string],
  }));
  const credentialsTotal = data.credentialsPerMonth.reduce((s, p) => s + p.count, 0);
  const coverageLast = data.coverageOverTime.at(-1);

  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-3 md:grid-cols-5" aria-label="Summary">
        {[
          ['Employees in scope', report.employeeCount],
          ['Role profiles', report.roleProfileCount],
          ['Open seats', report.openSeats],
          ['Planned headcount', report.plannedHeadcount],
          ['Skills in demand', data.supplyDemand.length],
        ].map(([label, value]) => (
          <div key={label} className="rounded-lg border border-slate-200 bg-white px-4 py-3">
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="text-xl font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>

      <ChartCard
        id="supply-demand"
        title="Supply vs demand per skill"
        csvHref={csvHref(filters, 'supply-demand')}
        description={
          <>
            Demand is the open seats of the role profiles that ask for a skill (planned headcount alongside, in the table); verified supply is the employees of {scopeText} whose verified level reaches the level{' '}
            {filters.level ? <strong>{levelName(filters.level)} ({filters.level}) chosen above</strong> : 'those open seats most often require'}. Largest gaps first
            {data.supplyDemand.length > CHART_BARS ? `; the chart shows the top ${CHART_BARS} of ${data.supplyDemand.length}, the table all of them` : ''}. Click the demand bar for the people closest to closing the gap, the supply bar for the people counted.
          </>
        }
        table={
          data.supplyDemand.length > 0 ? (
            <DataTable
              caption="Supply vs demand per skill, largest gap first"
              head={['Skill', 'Level counted', 'Demand (open seats)', 'Planned headcount', 'Verified supply', 'Gap', 'People']}
              rows={data.supplyDemand.map((r) => [
                r.skillName,
                `${r.level} ${levelName(r.level)}`,
                r.demand,
                r.plannedHeadcount,
                r.supply,
                r.gap,
                <span key="links" className="flex gap-3">
                  <Link className="text-brand-700 underline" href={peopleHref(filters, r.skillId, r.level, 'supply')}>
                    supply<span className="sr-only"> for {r.skillName}</span>
                  </Link>
                  <Link className="text-brand-700 underline" href={peopleHref(filters, r.skillId, r.level, 'gap')}>
                    gap<span className="sr-only"> for {r.skillName}</span>
                  </Link>
                </span>,
              ])}
            />
          ) : undefined
        }
      >
        {bars.length > 0 ? (
          <SupplyDemandChart data={bars} label={`Supply vs demand for ${bars.length} skills, largest gap first: ${bars.slice(0, 3).map((b) => `${b.skillName} gap ${b.gap}`).join(', ')}`} />
        ) : (
          <EmptyState title="No role profile in this selection asks for a skill">
            Demand comes from role profiles and their open seats. {filters.families.length > 0 || filters.departments.length > 0 ? 'Try another department or role family.' : 'Add role profiles with skill requirements.'}
          </EmptyState>
        )}
      </ChartCard>

      <ChartCard
        id="coverage"
        title="Coverage by department"
        csvHref={`${csvHref(filters, 'coverage')}${report.heatmap.skills.length > 0 ? `&heatSkill=${encodeURIComponent(report.heatmap.skills.join(','))}` : ''}${report.heatmap.departments.length > 0 ? `&heatDepartment=${encodeURIComponent(report.heatmap.departments.join(','))}` : ''}`}
        description={`Share of each department's employees with a verified level at or above the level counted, for ${report.heatmap.skills.length > 0 ? `the ${heatmap.skills.length} skills chosen` : `the ${heatmap.skills.length} shortages held most widely: skills with a gap that at least half the departments hold at some level, those most departments hold at the level counted (every gap is on the supply vs demand chart)`}${report.heatmap.departments.length > 0 ? ' in the departments chosen' : ''}. A dash marks a department with no employees.`}
      >
        <HeatmapPicker report={report} />
        {heatmap.skills.length === 0 ? (
          <EmptyState title="No skills in demand to cover">Coverage is measured for the skills role profiles ask for; this selection has none.</EmptyState>
        ) : heatmap.rows.every((r) => r.size === 0) ? (
          <EmptyState title={`No employees in ${scopeText}`}>There is nobody whose skills could cover the demand. Import employees’ credentials, or choose another department.</EmptyState>
        ) : (
          <CoverageHeatmap data={heatmap} caption={`Coverage by department and skill for ${scopeText}`} />
        )}
      </ChartCard>

      <ChartCard
        id="levels"
        title="Level distribution per skill"
        csvHref={csvHref(filters, 'levels')}
        description="Employees by their highest verified level in each skill (the skills with the largest gaps). Click a segment, or a number in the table, for the people at that level."
        table={
          data.levels.length > 0 ? (
            <DataTable
              caption="Employees by highest verified level per skill"
              head={['Skill', 'None', '1 Awareness', '2 Working', '3 Practitioner', '4 Advanced', '5 Expert']}
              rows={data.levels.map((r) => [
                r.skillName,
                r.none,
                // Every count links to the people at exactly that level (the same as a chart segment).
                ...r.exact.map((n, i) =>
                  n === 0 ? (
                    0
                  ) : (
                    <Link key={i} className="text-brand-700 underline" href={peopleHref(filters, r.skillId, i + 1, 'level')}>
                      {n}
                      <span className="sr-only">
                        {' '}
                        people at {levelName(i + 1)} in {r.skillName}
                      </span>
                    </Link>
                  ),
                ),
              ])}
            />
          ) : undefined
        }
      >
        {data.levels.length === 0 ? (
          <EmptyState title="No skills in demand to show">Levels are shown for the skills role profiles ask for; this selection has none.</EmptyState>
        ) : data.levels.every((r) => r.exact.every((n) => n === 0)) ? (
          <EmptyState title="Nobody in scope holds these skills verified yet">The employees of {scopeText} have no verified level in the skills with the largest gaps.</EmptyState>
        ) : (
          <LevelDistributionChart data={levelBars} label={`Level distribution for ${levelBars.length} skills`} />
        )}
      </ChartCard>

      <div className="grid gap-6 lg:grid-cols-2">
        <ChartCard
          id="credentials"
          title="Verified credentials earned per month"
          csvHref={csvHref(filters, 'credentials')}
          description={`Credentials issued to employees of ${scopeText} that verify today${filters.skills.length > 0 ? `, stating ${filters.skills.length === 1 ? 'the chosen skill' : 'one of the chosen skills'}` : ''}, by issue month, ${filters.from} to ${filters.to}. Click a bar for the people who earned them.`}
          table={<DataTable caption="Verified credentials earned per month" head={['Month', 'Credentials']} rows={data.credentialsPerMonth.map((p) => [
                <Link key="m" className="text-brand-700 underline" href={monthHref(filters, 'credentials', p.month)}>
                  {p.month}
                </Link>,
                p.count,
              ])} />}
        >
          {credentialsTotal === 0 ? (
            <EmptyState title={`No verified credentials were earned between ${filters.from} and ${filters.to}`}>Widen the time range, or choose another department.</EmptyState>
          ) : (
            <CredentialsPerMonthChart data={data.credentialsPerMonth.map((p) => ({ ...p, href: monthHref(filters, 'credentials', p.month) }))} label={`${credentialsTotal} verified credentials earned from ${filters.from} to ${filters.to}`} />
          )}
        </ChartCard>
        <ChartCard
          id="coverage-over-time"
          title="Coverage over time"
          csvHref={csvHref(filters, 'coverage-over-time')}
          description="Share of employees in scope who, by the end of each month, held at least one skill in demand at the level counted (from the dates today's verified levels were achieved). Click a month for the people covered by then."
          table={
            <DataTable
              caption="Coverage over time"
              head={['Month', 'Employees covered', 'Coverage']}
              rows={data.coverageOverTime.map((p) => [
                <Link key="m" className="text-brand-700 underline" href={monthHref(filters, 'covered', p.month)}>
                  {p.month}
                </Link>,
                p.covered,
                percent(p.share),
              ])}
            />
          }
        >
          {report.employeeCount === 0 ? (
            <EmptyState title={`No employees in ${scopeText}`}>Coverage is a share of employees; there are none in this selection.</EmptyState>
          ) : !coverageLast || coverageLast.covered === 0 ? (
            <EmptyState title="Nobody covers a skill in demand yet">No employee in scope holds a skill in demand at the level counted, in this time range.</EmptyState>
          ) : (
            <CoverageOverTimeChart
              data={data.coverageOverTime.map((p) => ({ month: p.month, covered: p.covered, percent: p.share === null ? null : Math.round(p.share * 1000) / 10, href: monthHref(filters, 'covered', p.month) }))}
              label={`Coverage rose to ${percent(coverageLast.share)} by ${coverageLast.month}`}
            />
          )}
        </ChartCard>
      </div>
      <p className="text-xs text-slate-500">
        Figures from the {report.engine} search engine; demand from role profiles. Exports are recorded in the audit log.
      </p>
    </div>
  );
}
