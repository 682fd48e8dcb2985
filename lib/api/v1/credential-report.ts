// GET /api/v1/credentials/[id]/report: one stored credential's verification report (every check with
// its result and message, validity dates, last verification, source, evidence). Any signed-in user or
// API key may ask; the credential's person must be visible to the caller, and a credential of someone
// hidden is the same 404 as an unknown id. The profile page loads this when the user opens a report,
// instead of rendering every credential's report into every page view (issue 12 item 6).
import { z } from 'zod';
import { apiRoute } from '@/lib/api/route';
import { getDb } from '@/lib/db/client';
import { getCredentialReport } from '@/lib/data/people';
import { AppError } from '@/lib/domain/app-error';

const paramsSchema = z.object({ id: z.string().min(1).max(200) });

export const GET = apiRoute<{ id: string }>(null, async ({ actor, params }) => {
  const parsed = paramsSchema.safeParse(params);
  // An id no credential can have is answered like an unknown one.
  if (!parsed.success) throw new AppError('not_found', 'This credential does not exist or is not visible to you.');
  const report = await getCredentialReport(await getDb(), actor, parsed.data.id);
  // Personal data: never kept by a shared cache; the browser asks again when the report is reopened after a re-verify.
  return Response.json({ report }, { headers: { 'cache-control': 'private, no-store' } });
});
