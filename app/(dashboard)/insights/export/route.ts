// CSV of one insights chart, with the same filters as the page (?chart=supply-demand&department=...).
// A route handler because the answer is a file, not a page; the permission check and the audit
// record happen in lib/data like everywhere else.
import { z } from 'zod';
import { apiRoute } from '@/lib/api/route';
import { exportInsightsCsv } from '@/lib/data/insights';
import { AppError } from '@/lib/domain/app-error';
import { INSIGHTS_CHARTS } from '@/lib/domain/insights';

export const dynamic = 'force-dynamic';

const chartSchema = z.enum(INSIGHTS_CHARTS);

export const GET = apiRoute('insights.view', async ({ actor, request }) => {
  const params = request.nextUrl.searchParams;
  const chart = chartSchema.safeParse(params.get('chart'));
  if (!chart.success) {
    throw new AppError('invalid_input', `Choose a chart to export: ${INSIGHTS_CHARTS.join(', ')}.`, { chart: [`must be one of ${INSIGHTS_CHARTS.join(', ')}`] });
  }
  const { csv, filename, report } = await exportInsightsCsv(actor, chart.data, params);
  if (report.missing.length > 0) {
    const fieldErrors: Record<string, string[]> = {};
    for (const m of report.missing) (fieldErrors[m.field] ??= []).push(`there is no ${m.field} "${m.value}"`);
    throw new AppError('invalid_input', 'These filters name something that does not exist.', fieldErrors);
  }
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
});
