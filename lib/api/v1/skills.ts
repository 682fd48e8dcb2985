// Skill autocomplete for pickers (search, compare, roles): GET /api/v1/skills?q=pyth&limit=10, each skill
// with how many people the caller may see hold it (`holders`).
import { z } from 'zod';
import { apiRoute } from '@/lib/api/route';
import { AppError } from '@/lib/domain/app-error';
import { getDb } from '@/lib/db/client';
import { MAX_SUGGESTIONS, suggestHeldSkills } from '@/lib/data/skills';
import { visibilityScope } from '@/lib/domain/permissions';
import { getSearchEngine } from '@/lib/search/get-search-engine';

const querySchema = z.object({
  q: z.string().max(100, 'search text is limited to 100 characters').default(''),
  limit: z.coerce.number().int().min(1).max(MAX_SUGGESTIONS).default(10),
});

export const GET = apiRoute('people.search', async ({ actor, request }) => {
  const params = Object.fromEntries(request.nextUrl.searchParams);
  const parsed = querySchema.safeParse(params);
  if (!parsed.success) {
    throw new AppError('invalid_input', parsed.error.issues[0]?.message ?? 'Not valid.', { [String(parsed.error.issues[0]?.path[0] ?? '_')]: parsed.error.issues.map((i) => i.message) });
  }
  const db = await getDb();
  // Ranked by how many people this caller may see hold each skill (holders: 0 = nobody yet).
  const skills = await suggestHeldSkills(db, await getSearchEngine(db), visibilityScope(actor), parsed.data.q, parsed.data.limit);
  return Response.json({ skills }, { headers: { 'cache-control': 'private, max-age=60' } });
});
