import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { ButtonLink } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { getActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getRole, rankEmployeesForRole, type RankingFilters, type RoleRanking } from '@/lib/data/roles';
import { listShortlists, type ShortlistSummary } from '@/lib/data/shortlists';
import { toSearchParams } from '@/lib/domain/search-url';
import { searchQuerySchema } from '@/lib/domain/search-query';
import { isAppError } from '@/lib/domain/app-error';
import { can } from '@/lib/domain/permissions';
import { DeleteRoleForm } from '../_components/delete-role-form';
import { RankingTable } from './_components/ranking-table';
import { first, rankingFiltersFrom, safeDecode, toQuery, type RawSearchParams } from '../_components/search-params';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  const actor = await getActor();
  if (!actor || !can(actor, 'roles.view')) return { title: 'Role' };
  const role = await getRole(await getDb(), actor, safeDecode(id)).catch(() => null);
  return { title: role ? role.name : 'Role not found' };
}

function queryOf(f: RankingFilters, page: number) {
  return toQuery({
    department: f.department,
    currentRole: f.currentRole,
    mobility: f.openToMobility === undefined ? '' : f.openToMobility ? 'yes' : 'no',
    minMatch: f.minMatch,
    essentials: f.essentials === 'require' ? 'require' : '',
    view: f.view === 'promotion' ? 'promotion' : '',
    page: page > 1 ? page : undefined,
  });
}

export default async function RolePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<RawSearchParams> }) {
  const [{ id: rawId }, sp] = await Promise.all([params, searchParams]);
  const id = safeDecode(rawId);
  const actor = await getActor();
  if (!actor || !can(actor, 'roles.view')) notFound();
  const db = await getDb();
  const role = await getRole(db, actor, id).catch((err: unknown) => {
    if (isAppError(err) && (err.code === 'not_found' || err.code === 'forbidden')) notFound();
    throw err;
  });
  const canSearch = can(actor, 'people.search');
  let ranking: RoleRanking | null = null;
  let rankingError: string | null = null;
  if (canSearch) {
    try {
      ranking = await rankEmployeesForRole(db, actor, id, rankingFiltersFrom(sp));
    } catch (err) {
      if (!isAppError(err)) throw err;
      rankingError = err.message;
    }
  }
  const canPlan = can(actor, 'pathways.view');
  const canShortlist = can(actor, 'shortlists.manage');
  const shortlists: ShortlistSummary[] = canShortlist && ranking?.hits.length ? await listShortlists(db, actor, { editableOnly: true }) : [];
  const imported = first(sp, 'imported');
  const base = `/roles/${encodeURIComponent(role.id)}`;

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-500">
        <Link href="/roles" className="hover:underline">
          Roles
        </Link>{' '}
        › {role.family || 'Other roles'} › {role.track || role.name}
      </nav>
      <PageHeader
        title={role.name}
        description={
          <>
            {role.departmentName ?? 'Whole organisation'} · {role.openSeats} open seat{role.openSeats === 1 ? '' : 's'} · planned headcount {role.plannedHeadcount} · {role.holders} in role now
            {role.source === 'ddat' && ' · UK DDaT role level'}
          </>
        }
        actions={
          role.canManage && (
            <>
              <ButtonLink href={`${base}/edit`}>Edit role</ButtonLink>
              <DeleteRoleForm roleId={role.id} roleName={role.name} />
            </>
          )
        }
      />
      {imported && <Alert tone="success">{imported === 'resync' ? 'Re-synced from the UK DDaT framework.' : imported === 'existing' ? 'Already imported: this is your department’s existing copy (no second copy was made).' : 'Imported as your department’s copy, on its own ladder. Edit it to make it your own.'}</Alert>}

      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={`Requirements (${role.requirements.length})`} className="lg:col-span-2">
          {role.requirements.length === 0 ? (
            <p className="text-sm text-slate-600">
              This role has no skill requirements, so there is nothing to rank by or to close. {role.canManage ? <Link href={`${base}/edit`} className="text-brand-700 underline">Add requirements</Link> : 'Ask its owner to add them.'}
            </p>
          ) : (
            <table className="table-reflow w-full text-sm">
              <thead>
                <tr className="text-left text-slate-500">
                  <th className="pb-1 font-medium">Skill</th>
                  <th className="pb-1 font-medium">Minimum level</th>
                  <th className="pb-1 font-medium">Weight</th>
                  <th className="pb-1 font-medium">Employees at level</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {role.requirements.map((r) => {
                  const cov = ranking?.coverage.find((c) => c.skillId === r.skillId);
                  return (
                    <tr key={r.skillId}>
                      <td className="py-1.5">
                        {r.skillName}
                        {r.essential && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">essential</span>}
                      </td>
                      <td data-label="Minimum level" className="reflow-half py-1.5">{r.minLevelName}</td>
                      <td data-label="Weight" className="reflow-half py-1.5">{r.weight}</td>
                      <td data-label="Employees at level" className="py-1.5 text-slate-600">{!cov ? '—' : cov.holders === 0 ? 'nobody holds it' : `${cov.holdersAtLevel} of the ${cov.holders} who hold it`}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {role.description && <p className="mt-4 whitespace-pre-line text-sm text-slate-600">{role.description}</p>}
        </Card>
        <Card title="Ladder">
          {role.ladder.length <= 1 && !role.track ? (
            <p className="text-sm text-slate-600">This role is not on a ladder. Give it a family and a ladder name to place it among related role levels.</p>
          ) : (
            <ol className="space-y-1 text-sm">
              {role.ladder.map((r) => (
                <li key={r.id} className={r.id === role.id ? 'font-semibold text-slate-900' : ''}>
                  <span className="mr-2 inline-block w-5 text-right text-xs text-slate-500">{r.ladderRank}</span>
                  {r.id === role.id ? (
                    <span aria-current="page">{r.name} (this role)</span>
                  ) : (
                    <Link href={`/roles/${encodeURIComponent(r.id)}`} className="text-brand-700 hover:underline">
                      {r.name}
                    </Link>
                  )}
                </li>
              ))}
            </ol>
          )}
          {role.nextRole && (
            <p className="mt-3 text-sm text-slate-600">
              Next role up: <Link href={`/roles/${encodeURIComponent(role.nextRole.id)}`} className="text-brand-700 hover:underline">{role.nextRole.name}</Link>
            </p>
          )}
        </Card>
      </div>

      <section aria-labelledby="ranking-title" className="space-y-3">
        <h2 id="ranking-title" className="text-lg font-semibold text-slate-900">
          Employees ranked by verified fit
        </h2>
        {!canSearch ? (
          <Alert tone="info">Your role can read role profiles but not rank people.</Alert>
        ) : rankingError ? (
          <Alert tone="error">{rankingError}</Alert>
        ) : ranking ? (
          <Ranking ranking={ranking} role={role} base={base} canPlan={canPlan} isManager={!can(actor, 'people.viewAll') && can(actor, 'people.viewDepartment')} shortlists={shortlists} canShortlist={canShortlist} />
        ) : null}
      </section>
    </div>
  );
}

function Ranking({
  ranking,
  role,
  base,
  canPlan,
  isManager,
  shortlists,
  canShortlist,
}: {
  ranking: RoleRanking;
  role: Awaited<ReturnType<typeof getRole>>;
  base: string;
  canPlan: boolean;
  isManager: boolean;
  shortlists: ShortlistSummary[];
  canShortlist: boolean;
}) {
  const f = ranking.filters;
  const promotion = f.view === 'promotion';
  // The role's requirements in the search URL format: a shortlist made from here is scored against them.
  const requirementParams = toSearchParams(
    searchQuerySchema.parse({ requirements: role.requirements.map((r) => ({ skill: r.skillId, minLevel: r.minLevel, weight: r.weight, essential: r.essential })) }),
  ).toString();
  const viewSwitch = (
    <nav aria-label="Who to rank" className="flex flex-wrap items-center gap-2 text-sm">
      <Link href={`${base}${queryOf({ ...f, view: 'all' }, 1)}`} aria-current={promotion ? undefined : 'page'} className={`rounded-full border px-3 py-1 ${promotion ? 'border-slate-300 text-slate-700 hover:bg-slate-50' : 'border-brand-600 bg-brand-50 font-medium text-brand-800'}`}>
        All employees
      </Link>
      <Link href={`${base}${queryOf({ ...f, view: 'promotion' }, 1)}`} aria-current={promotion ? 'page' : undefined} className={`rounded-full border px-3 py-1 ${promotion ? 'border-brand-600 bg-brand-50 font-medium text-brand-800' : 'border-slate-300 text-slate-700 hover:bg-slate-50'}`}>
        Promotion candidates
      </Link>
    </nav>
  );
  if (ranking.status === 'no-feeders') {
    return (
      <div className="space-y-3">
        {viewSwitch}
        <EmptyState title="No rung below this role">
          {role.track ? 'This is the first rung of its ladder, so no one is promoted into it from below. Rank all employees instead.' : 'This role is not on a ladder (it has no track), so it has no role below it. Give it a family and track to plan promotions.'}
        </EmptyState>
      </div>
    );
  }
  if (ranking.status === 'no-requirements') {
    return (
      <EmptyState title="Nothing to rank by yet">
        A role with no skill requirements matches every employee 100 %, so a ranking would say nothing. {role.canManage ? 'Edit the role to add the skills and levels it asks for.' : ''}
      </EmptyState>
    );
  }
  const filtered = f.department.length > 0 || f.currentRole.length > 0 || f.openToMobility !== undefined || (f.minMatch ?? 0) > 0 || f.essentials === 'require';
  const pages = Math.max(1, Math.ceil(Math.min(ranking.total, 10_000) / ranking.pageSize));
  const exportHref = `${base}/export${queryOf(f, 1)}`;
  return (
    <div className="space-y-3">
      {viewSwitch}
      {promotion && (
        <p className="text-sm text-slate-700" data-testid="promotion-feeders">
          People whose current role is one rung below: {ranking.feeders.map((r, i) => (
            <span key={r.id}>
              {i > 0 && ', '}
              <Link href={`/roles/${encodeURIComponent(r.id)}`} className="text-brand-700 underline">
                {r.name}
              </Link>
              {r.adjacent ? ` (${r.track} track)` : ''}
            </span>
          ))}
          . People already at or above {role.name} are not listed.
        </p>
      )}
      <form method="get" className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3" aria-label="Filter the ranking">
        <div>
          <label htmlFor="f-department" className="block text-xs font-medium text-slate-600">
            Department
          </label>
          <select id="f-department" name="department" defaultValue={f.department[0] ?? ''} className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm">
            <option value="">{isManager ? 'Your department' : 'All departments'}</option>
            {ranking.departments
              .filter((d) => !isManager || d.count > 0)
              .map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name} ({d.count})
                </option>
              ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-current" className="block text-xs font-medium text-slate-600">
            Current role
          </label>
          <select id="f-current" name="currentRole" defaultValue={f.currentRole[0] ?? ''} className="mt-1 max-w-64 rounded-md border border-slate-300 px-2 py-1.5 text-sm">
            <option value="">Any current role</option>
            {ranking.currentRoles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="f-mobility" className="block text-xs font-medium text-slate-600">
            Open to mobility
          </label>
          <select id="f-mobility" name="mobility" defaultValue={f.openToMobility === undefined ? '' : f.openToMobility ? 'yes' : 'no'} className="mt-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm">
            <option value="">Anyone</option>
            <option value="yes">Open to a move</option>
            <option value="no">Not looking</option>
          </select>
        </div>
        <div>
          <label htmlFor="f-min" className="block text-xs font-medium text-slate-600">
            Minimum match %
          </label>
          <input id="f-min" name="minMatch" type="number" min={0} max={100} step={5} defaultValue={f.minMatch ?? ''} placeholder="0" className="mt-1 w-24 rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
        </div>
        <label className="flex items-center gap-2 pb-1.5 text-sm text-slate-700">
          <input type="checkbox" name="essentials" value="require" defaultChecked={f.essentials === 'require'} className="h-4 w-4" /> Must meet every essential
        </label>
        {promotion && <input type="hidden" name="view" value="promotion" />}
        <button type="submit" className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700">
          Apply
        </button>
        {filtered && (
          <Link href={base} className="pb-1.5 text-sm text-slate-600 hover:underline">
            Clear filters
          </Link>
        )}
      </form>

      {ranking.nobodyHas.length > 0 && (
        <Alert tone="warning">
          No employee you can see holds a verified level in {ranking.nobodyHas.map((c) => c.skillName).join(', ')}. Everyone gets partial credit at most for {ranking.nobodyHas.length === 1 ? 'it' : 'them'}; open a person to see which catalog badges would close the gap.
        </Alert>
      )}

      {ranking.hits.length === 0 ? (
        <EmptyState title={filtered ? 'No employee matches these filters' : 'No employees to rank'} action={filtered ? <Link href={base} className="text-sm text-brand-700 underline">Clear filters</Link> : undefined}>
          {filtered
            ? 'Lower the minimum match, allow people missing an essential requirement, or widen the department and current role.'
            : isManager
              ? 'There are no employees in your department yet.'
              : 'There are no employees you can see yet. Import credentials to get started.'}
        </EmptyState>
      ) : (
        <>
          <p className="text-sm text-slate-600">
            {ranking.total} employee{ranking.total === 1 ? '' : 's'} ranked by the match score (verified levels only).{' '}
            {f.essentials === 'flag' ? 'People missing an essential requirement are included and flagged.' : 'Only people meeting every essential requirement are shown.'}
          </p>
          <RankingTable
            hits={ranking.hits}
            rankOffset={(ranking.page - 1) * ranking.pageSize}
            base={base}
            roleId={role.id}
            roleName={role.name}
            canPlan={canPlan}
            shortlists={shortlists.map((l) => ({ id: l.id, name: l.name, memberCount: l.memberCount }))}
            canShortlist={canShortlist}
            requirementParams={requirementParams}
            exportHref={exportHref}
          />
          {pages > 1 && (
            <nav aria-label="Ranking pages" className="flex items-center gap-3 text-sm">
              {ranking.page > 1 && <Link href={`${base}${queryOf(f, ranking.page - 1)}`} className="text-brand-700 hover:underline">← Previous</Link>}
              <span className="text-slate-600">
                Page {ranking.page} of {pages}
              </span>
              {ranking.page < pages && <Link href={`${base}${queryOf(f, ranking.page + 1)}`} className="text-brand-700 hover:underline">Next →</Link>}
            </nav>
          )}
        </>
      )}
    </div>
  );
}
