// CSV of one shortlist, for its owner only (anyone else gets the same 404 as for a missing list).
import { apiRoute } from '@/lib/api/route';
import { getDb } from '@/lib/db/client';
import { exportShortlistCsv } from '@/lib/data/shortlists';

export const GET = apiRoute<{ id: string }>('shortlists.manage', async ({ actor, params, request }) => {
  const { filename, csv } = await exportShortlistCsv(await getDb(), actor, params.id, { baseUrl: request.nextUrl.origin });
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
});
