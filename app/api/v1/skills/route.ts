// Skill autocomplete for pickers (search, compare, roles): GET /api/v1/skills?q=pyth&limit=10.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { apiRoute } from '@/lib/api/route';
import { AppError } from '@/lib/domain/app-error';
import { getDb } from '@/lib/db/client';
import { MAX_SUGGESTIONS, suggestSkills } from '@/lib/data/skills';

const querySchema = z.object({
  q: z.string().max(100, 'search text is limited to 100 characters').default(''),
  limit: z.coerce.number().int().min(1).max(MAX_SUGGESTIONS).default(10),
});

export const GET = apiRoute('people.search', async ({ request }) => {
  const params = Object.fromEntries(request.nextUrl.searchParams);
  const parsed = querySchema.safeParse(params);
  if (!parsed.success) {
    throw new AppError('invalid_input', parsed.error.issues[0]?.message ?? 'Not valid.', { [String(parsed.error.issues[0]?.path[0] ?? '_')]: parsed.error.issues.map((i) => i.message) });
  }
  const skills = await suggestSkills(await getDb(), parsed.data.q, parsed.data.limit);
  return NextResponse.json({ skills }, { headers: { 'cache-control': 'private, max-age=60' } });
});
