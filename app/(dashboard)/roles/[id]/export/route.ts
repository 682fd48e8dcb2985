// CSV of a role's ranking with the page's filters (every page; promotion candidates with view=promotion). Audited as role.export.
import { apiRoute } from '@/lib/api/route';
import { getDb } from '@/lib/db/client';
import { exportRoleRankingCsv } from '@/lib/data/roles';
import { rankingFiltersFrom, rawParamsOf, safeDecode } from '../../_components/search-params';

export const GET = apiRoute<{ id: string }>('roles.view', async ({ actor, params, request }) => {
  const { page: _page, ...filters } = rankingFiltersFrom(rawParamsOf(request.nextUrl.searchParams));
  const { filename, csv } = await exportRoleRankingCsv(await getDb(), actor, safeDecode(params.id).slice(0, 200), filters);
  return new Response(csv, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' },
  });
});
