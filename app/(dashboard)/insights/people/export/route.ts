// CSV of a drill-down list (every person, not one page), with the same query as /insights/people.
// The permission check, the visibility rule and the audit record happen in lib/data.
import { apiRoute } from '@/lib/api/route';
import { exportInsightPeopleCsv } from '@/lib/data/insights';
import { AppError } from '@/lib/domain/app-error';

export const dynamic = 'force-dynamic';

export const GET = apiRoute('insights.view', async ({ actor, request }) => {
  const { csv, filename, result } = await exportInsightPeopleCsv(actor, request.nextUrl.searchParams);
  // A list that cannot be answered (unknown skill, no month, bad kind) is a 422 naming why, not an empty file.
  if (result.problems.length > 0 && result.people.length === 0) {
    throw new AppError('invalid_input', result.problems.join(' '), { query: result.problems });
  }
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
});
