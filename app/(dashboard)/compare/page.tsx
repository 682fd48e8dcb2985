// Side by side: /compare?ids=a,b,c plus either the search's own URL params (r=..., verified=0, ...)
// or role=<role profile id>, and anon=1 for a bias-reduced review (names, locations and headlines
// hidden, ids shown). People the user may not see are treated as unknown ids.
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { RadarChart, type RadarDatum } from '@/components/charts/radar-chart';
import { RoleCombobox } from '@/components/roles/role-combobox';
import { Alert } from '@/components/ui/alert';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { UntrustedMark } from '@/components/ui/untrusted-mark';
import { getActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getComparison, listRoleOptions, type CompareResult } from '@/lib/data/compare';
import { isAppError } from '@/lib/domain/app-error';
import { chartRows } from '@/lib/domain/compare';
import { levelName } from '@/lib/domain/levels';
import { can } from '@/lib/domain/permissions';
import { parseSearchParams, searchHref, toSearchParams } from '@/lib/domain/search-url';
import { PrintButton } from './_components/print-button';

// The title counts the people (their names would make it long; the heading names them).
export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const ids = one((await searchParams).ids)?.split(',').filter(Boolean) ?? [];
  return { title: ids.length >= 2 ? `Compare ${ids.length} people` : 'Compare people' };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ComparePage({ searchParams }: Props) {
  const actor = await getActor();
  if (!actor) redirect('/signin');
  if (!can(actor, 'people.search')) return <Alert tone="error">You do not have access to compare people.</Alert>;
  const raw = await searchParams;
  const { query, notices } = parseSearchParams(raw);
  const roleId = one(raw.role)?.slice(0, 200) || null;
  const anonymise = one(raw.anon) === '1';
  const db = await getDb();

  let result: CompareResult | null = null;
  let error: string | null = null;
  try {
    result = await getComparison(db, actor, { ids: raw.ids, query, roleId, anonymise });
  } catch (err) {
    if (!isAppError(err)) throw err;
    error = err.message;
  }
  const roles = await listRoleOptions(db, actor);
  const searchParamsOnly = toSearchParams({ ...query, page: 1, facets: [] });
  const backToSearch = searchHref({ ...query, page: 1, facets: [] });

  if (!result) {
    return (
      <div className="space-y-4">
        <PageHeader title="Compare people" />
        <Alert tone="error">{error}</Alert>
        <p className="text-sm">
          <Link className="text-brand-700 underline" href={backToSearch}>
            Back to search
          </Link>{' '}
          ·{' '}
          <Link className="text-brand-700 underline" href="/shortlists">
            Your shortlists
          </Link>
        </p>
      </div>
    );
  }

  const exportParams = new URLSearchParams(searchParamsOnly);
  exportParams.set('ids', result.persons.map((p) => p.id).join(','));
  if (roleId) exportParams.set('role', roleId);
  if (anonymise) exportParams.set('anon', '1');
  // The same comparison with names shown or hidden: every other parameter is kept.
  const toggleParams = new URLSearchParams(exportParams);
  if (anonymise) toggleParams.delete('anon');
  else toggleParams.set('anon', '1');
  const requirementCount = result.rows.filter((r) => r.isRequirement).length;
  const otherCount = result.rows.length - requirementCount;
  const against =
    result.against.kind === 'role' ? `the role profile “${result.against.name}”` : result.against.kind === 'search' ? `your search (${requirementCount} skill requirement${requirementCount === 1 ? '' : 's'}${result.against.verifiedOnly ? ', verified levels only' : ', self-reported included'})` : null;
  const chart = chartRows(result.rows);
  const radarData: RadarDatum[] = chart.rows.map((row) => {
    // Skills nobody asked for sit at 0 on the required outline: nothing is required there.
    const d: RadarDatum = { axis: row.name, required: row.required ?? 0 };
    row.cells.forEach((c, i) => (d[`p${i}`] = c.achieved));
    return d;
  });
  const renderRow = (row: (typeof result.rows)[number]) => (
    <tr key={row.skill} className="border-t border-slate-100" data-requirement={row.isRequirement ? 'yes' : 'no'}>
      <th scope="row" className="py-1.5 pr-3 font-medium text-slate-900">
        {row.name}
        {row.essential === false && <span className="ml-1 text-xs font-normal text-slate-600">(optional{row.weight !== 1 ? `, ×${row.weight}` : ''})</span>}
        {row.essential && row.weight !== null && row.weight !== 1 && <span className="ml-1 text-xs font-normal text-slate-600">(×{row.weight})</span>}
      </th>
      {result.hasRequirements && <td className="py-1.5 pr-3 text-slate-600">{row.required ? `${row.required} ${levelName(row.required)}` : '—'}</td>}
      {row.cells.map((c, i) => (
        <td key={i} className={`py-1.5 pr-3 ${c.met === null ? '' : c.met ? 'text-emerald-800' : 'text-red-800'}`}>
          {c.met !== null && (
            <>
              <span aria-hidden>{c.met ? '✓' : '✗'}</span>
              <span className="sr-only">{c.met ? 'meets' : 'below'}</span>{' '}
            </>
          )}
          {c.achieved > 0 ? `${c.achieved} ${levelName(c.achieved)}` : 'none'}
          {c.achieved > 0 && result.untrusted[result.persons[i]?.id ?? '']?.includes(row.skill) && (
            <>
              {' '}
              <UntrustedMark compact />
            </>
          )}
        </td>
      ))}
    </tr>
  );
  const cardColumns = ['', '', 'sm:grid-cols-2', 'sm:grid-cols-2 lg:grid-cols-3', 'sm:grid-cols-2 lg:grid-cols-4'][result.people.length] ?? 'sm:grid-cols-2';

  return (
    <div className="compare-page space-y-5">
      {/* One printed page: landscape, tight margins, no shell; the matrix and scores are what matter on paper. */}
      <style>{`@media print {
        @page { size: A4 landscape; margin: 8mm; }
        html { font-size: 10px; }
        /* The shell's full-height wrapper would push a blank second page. */
        .min-h-screen { min-height: 0 !important; }
        main { padding-top: 0 !important; padding-bottom: 0 !important; }
        .compare-page > * + * { margin-top: 6px !important; }
        .compare-page section { box-shadow: none; break-inside: avoid; }
        .compare-page section > header { padding-top: 4px; padding-bottom: 4px; }
        .compare-page section > div { padding: 6px; }
        .compare-bottom { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; align-items: start; }
        .compare-bottom > * { margin: 0 !important; }
        .compare-cards { grid-template-columns: repeat(${result.people.length}, minmax(0, 1fr)) !important; }
        /* The chart was drawn for the screen's width: scale it into its printed box instead of clipping it. */
        .compare-chart svg { max-width: 100%; height: auto; overflow: visible; }
        .compare-chart .recharts-legend-wrapper { width: 100% !important; left: 0 !important; }
        .compare-matrix-scroll { overflow: visible !important; }
        .compare-matrix th, .compare-matrix td { padding-top: 1px !important; padding-bottom: 1px !important; }
      }`}</style>
      <PageHeader
        title={`Comparing ${result.persons.length} people`}
        description={against ? <>Against {against}.</> : <>No requirements chosen: the rows are the skills these people hold. Pick a role profile, or compare from a search, to score them.</>}
        actions={
          <>
            <ButtonLink href={`/compare?${toggleParams.toString()}`} variant={anonymise ? 'primary' : 'secondary'}>
              {anonymise ? 'Show names' : 'Anonymise'}
            </ButtonLink>
            <ButtonLink href={`/compare/export?${exportParams.toString()}`} prefetch={false} download>
              Export CSV
            </ButtonLink>
            <PrintButton />
          </>
        }
      />
      {notices.length > 0 && (
        <Alert tone="warning" className="no-print">
          {notices.join(' ')}
        </Alert>
      )}
      {anonymise && (
        <Alert tone="info">
          Anonymised review: names, locations, headlines and profile links are hidden; people are shown by letter and id. Judge the skills, then{' '}
          <Link className="underline" href={`/compare?${toggleParams.toString()}`}>
            show names
          </Link>
          .
        </Alert>
      )}
      <form method="get" action="/compare" className="no-print flex flex-wrap items-end gap-2 text-sm">
        <input type="hidden" name="ids" value={result.persons.map((p) => p.id).join(',')} />
        {[...searchParamsOnly.entries()].map(([k, v], i) => (
          <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
        ))}
        {anonymise && <input type="hidden" name="anon" value="1" />}
        <RoleCombobox
          roles={roles}
          name="role"
          label="Compare against a role profile"
          defaultRoleId={roleId ?? ''}
          noneLabel={query.requirements.length ? 'The search’s requirements' : 'No requirements (skills they hold)'}
          submitOnPick
        />
        <noscript>
          <button type="submit" className="rounded-md border border-slate-300 px-2 py-1">
            Apply
          </button>
        </noscript>
        {result.against.kind === 'search' && (
          <Link className="text-brand-700 underline" href={backToSearch}>
            Back to the search
          </Link>
        )}
      </form>

      <div className={`compare-cards grid grid-cols-1 gap-4 ${cardColumns}`}>
        {result.people.map((p, i) => {
          const person = result.persons[i]!;
          return (
            <section key={p.id} className="min-w-0 rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid="compare-person">
              {result.anonymised ? (
                <h2 className="font-semibold text-slate-900">{p.name}</h2>
              ) : (
                <h2>
                  <Link href={`/people/${p.id}`} className="font-semibold text-brand-700 hover:underline">
                    {p.name}
                  </Link>
                </h2>
              )}
              <p className="text-xs text-slate-600">
                {result.anonymised ? (
                  <>
                    id <code className="break-all">{p.id}</code> · {person.kind === 'candidate' ? 'candidate' : 'employee'}
                  </>
                ) : (
                  <>
                    {person.kind === 'candidate' ? 'Candidate' : `Employee${person.departmentName ? ` · ${person.departmentName}` : ''}`}
                    {person.location && ` · ${person.location}`}
                  </>
                )}
              </p>
              {p.score !== null && (
                <p className="text-2xl font-semibold">
                  {Math.round(p.score * 100)}%<span className="ml-1 text-xs font-normal text-slate-600">match{!p.eligible && ' · misses an essential skill'}</span>
                </p>
              )}
              <p className="mt-1 text-sm text-slate-700" data-testid="compare-summary">
                {p.summary}
              </p>
              {p.breakdown.length > 0 && (
                <details className="mt-1 text-xs">
                  <summary className="cursor-pointer text-brand-700">Score breakdown</summary>
                  <ul className="mt-1 space-y-0.5">
                    {p.breakdown.map((b) => {
                      const row = result.rows.find((r) => r.skill === b.skill);
                      return (
                        <li key={b.skill}>
                          {row?.name ?? b.skill}: {b.achieved} of {b.required} → credit {Math.round(b.credit * 100)}% × weight {b.weight}
                          {b.essential ? ' (essential)' : ''}
                        </li>
                      );
                    })}
                  </ul>
                </details>
              )}
            </section>
          );
        })}
      </div>

      <div className="compare-bottom space-y-5">
        <Card title="Skill matrix">
          {result.rows.length === 0 ? (
            <p className="text-sm text-slate-600">None of these people has a verified skill yet.</p>
          ) : (
            <div className="compare-matrix-scroll relative overflow-x-auto" tabIndex={0} role="region" aria-label="Skill matrix (scrolls sideways)">
              <table className="compare-matrix w-full text-left text-sm" data-testid="compare-matrix">
                <caption className="sr-only">Achieved level per skill and person{result.hasRequirements ? ', against the required level' : ''}</caption>
                <thead className="text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="py-2 pr-3 font-medium">
                      Skill
                    </th>
                    {result.hasRequirements && (
                      <th scope="col" className="py-2 pr-3 font-medium">
                        Required
                      </th>
                    )}
                    {result.people.map((p) => (
                      <th key={p.id} scope="col" className="py-2 pr-3 font-medium">
                        {p.name}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>{result.rows.filter((r) => r.isRequirement).map(renderRow)}</tbody>
                {otherCount > 0 && (
                  // The other skills they hold, as their own row group with a heading row when requirements precede them.
                  <tbody>
                    {result.hasRequirements && (
                      <tr className="border-t-2 border-slate-200">
                        <th scope="rowgroup" colSpan={result.people.length + 2} className="pt-3 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-600">
                          Other skills they hold ({otherCount})
                        </th>
                      </tr>
                    )}
                    {result.rows.filter((r) => !r.isRequirement).map(renderRow)}
                  </tbody>
                )}
              </table>
            </div>
          )}
        </Card>

        <Card title={chart.kind === 'bars' ? 'Levels' : 'Radar'}>
          <RadarChart data={radarData} series={result.people.map((p, i) => ({ key: `p${i}`, label: p.name }))} requiredKey={result.hasRequirements ? 'required' : undefined} height={340} />
          <p className="mt-1 text-xs text-slate-600">
            {chart.kind === 'bars' && 'Bars, because a radar needs three skills. '}
            {chart.omitted > 0 && `The chart shows the first ${chart.rows.length} skills (requirements first, then the most widely held); the matrix lists all ${result.rows.length}. `}
            The matrix is the same data as a table.
          </p>
        </Card>
      </div>
    </div>
  );
}

