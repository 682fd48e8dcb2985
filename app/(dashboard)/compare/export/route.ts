// CSV of a comparison (same parameters as /compare, anon=1 included). Audited as compare.export.
import { apiRoute } from '@/lib/api/route';
import { getDb } from '@/lib/db/client';
import { exportComparisonCsv } from '@/lib/data/compare';
import { parseSearchParams } from '@/lib/domain/search-url';

export const GET = apiRoute('people.search', async ({ actor, request }) => {
  const params = request.nextUrl.searchParams;
  const { query } = parseSearchParams(params);
  const { filename, csv } = await exportComparisonCsv(await getDb(), actor, { ids: params.getAll('ids'), query, roleId: params.get('role'), anonymise: params.get('anon') === '1' });
  return new Response(csv, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' },
  });
});
