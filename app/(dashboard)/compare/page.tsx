// Side by side: /compare?ids=a,b,c plus either the search's own URL params (r=..., verified=0, ...)
// or role=<role profile id>. People the user may not see are treated as unknown ids.
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { RadarChart, type RadarDatum } from '@/components/charts/radar-chart';
import { Alert } from '@/components/ui/alert';
import { Button, ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { UntrustedMark } from '@/components/ui/untrusted-mark';
import { getActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getComparison, listRoleOptions, type CompareResult } from '@/lib/data/compare';
import { isAppError } from '@/lib/domain/app-error';
import { levelName } from '@/lib/domain/levels';
import { can } from '@/lib/domain/permissions';
import { parseSearchParams, searchHref, toSearchParams } from '@/lib/domain/search-url';
import { PrintButton } from './_components/print-button';

export const metadata: Metadata = { title: 'Compare · Skillproof' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function ComparePage({ searchParams }: Props) {
  const actor = await getActor();
  if (!actor) redirect('/signin');
  if (!can(actor, 'people.search')) return <Alert tone="error">You do not have access to compare people.</Alert>;
  const raw = await searchParams;
  const { query, notices } = parseSearchParams(raw);
  const roleId = one(raw.role)?.slice(0, 200) || null;
  const db = await getDb();

  let result: CompareResult | null = null;
  let error: string | null = null;
  try {
    result = await getComparison(db, actor, { ids: raw.ids, query, roleId });
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
  const against =
    result.against.kind === 'role' ? `the role profile “${result.against.name}”` : result.against.kind === 'search' ? `your search (${result.rows.length} skill requirement${result.rows.length === 1 ? '' : 's'}${result.against.verifiedOnly ? ', verified levels only' : ', self-reported included'})` : null;
  const radarData: RadarDatum[] = result.rows.map((row) => {
    const d: RadarDatum = { axis: row.name.length > 22 ? `${row.name.slice(0, 21)}…` : row.name };
    if (row.required !== null) d.required = row.required;
    row.cells.forEach((c, i) => (d[`p${i}`] = c.achieved));
    return d;
  });

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
        .compare-bottom { display: grid; grid-template-columns: 3fr 2fr; gap: 8px; align-items: start; }
        .compare-bottom > * { margin: 0 !important; }
      }`}</style>
      <PageHeader
        title={`Comparing ${result.persons.length} people`}
        description={against ? <>Against {against}.</> : <>No requirements chosen: the rows are the skills these people hold. Pick a role profile, or compare from a search, to score them.</>}
        actions={
          <>
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
      <form method="get" action="/compare" className="no-print flex flex-wrap items-end gap-2 text-sm">
        <input type="hidden" name="ids" value={result.persons.map((p) => p.id).join(',')} />
        {[...searchParamsOnly.entries()].map(([k, v], i) => (
          <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
        ))}
        <label className="flex flex-col text-xs text-slate-600">
          Compare against
          <select name="role" defaultValue={roleId ?? ''} className="max-w-md rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900">
            <option value="">{query.requirements.length ? 'The search’s requirements' : 'No requirements (skills they hold)'}</option>
            {roles.map((r) => (
              <option key={r.id} value={r.id}>
                {r.family ? `${r.family}: ` : ''}
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" size="sm" variant="secondary">
          Apply
        </Button>
        {result.against.kind === 'search' && (
          <Link className="text-brand-700 underline" href={backToSearch}>
            Back to the search
          </Link>
        )}
      </form>

      <div className="grid gap-4" style={{ gridTemplateColumns: `repeat(${result.people.length}, minmax(0, 1fr))` }}>
        {result.people.map((p) => (
          <section key={p.id} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid="compare-person">
            <Link href={`/people/${p.id}`} className="font-semibold text-brand-700 hover:underline">
              {p.name}
            </Link>
            {p.score !== null && (
              <p className="text-2xl font-semibold">
                {Math.round(p.score * 100)}%<span className="ml-1 text-xs font-normal text-slate-500">match{!p.eligible && ' · misses an essential skill'}</span>
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
        ))}
      </div>

      <div className="compare-bottom space-y-5">
        <Card title="Skill matrix">
          {result.rows.length === 0 ? (
            <p className="text-sm text-slate-600">None of these people has a verified skill yet.</p>
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm" data-testid="compare-matrix">
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
                <tbody>
                  {result.rows.map((row) => (
                    <tr key={row.skill} className="border-t border-slate-100">
                      <th scope="row" className="py-1.5 pr-3 font-medium text-slate-900">
                        {row.name}
                        {row.essential === false && <span className="ml-1 text-xs font-normal text-slate-500">(optional{row.weight !== 1 ? `, ×${row.weight}` : ''})</span>}
                        {row.essential && row.weight !== null && row.weight !== 1 && <span className="ml-1 text-xs font-normal text-slate-500">(×{row.weight})</span>}
                      </th>
                      {result.hasRequirements && (
                        <td className="py-1.5 pr-3 text-slate-600">
                          {row.required} {row.required ? levelName(row.required) : ''}
                        </td>
                      )}
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
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Card>

        <Card title="Radar">
          <div className="compare-radar">
            <RadarChart data={radarData} series={result.people.map((p, i) => ({ key: `p${i}`, label: p.name }))} requiredKey={result.hasRequirements ? 'required' : undefined} height={260} />
          </div>
        </Card>
      </div>
    </div>
  );
}
