// POST /api/v1/search: people search for machines (API key) and for the signed-in app (session).
// Body: the search query model (lib/domain/search-query.ts). Bad input is a 422 with field errors;
// unknown skill ids are a 422 naming them; the engine being down is a 503.
import { apiRoute, readJson } from '@/lib/api/route';
import { searchPeople } from '@/lib/data/search-people';

/** Big enough that an oversized text field reaches validation and gets its own 422 message. */
const MAX_BODY_BYTES = 2_000_000;

export const POST = apiRoute('people.search', async ({ actor, request }) => {
  const body = await readJson(request, MAX_BODY_BYTES);
  const result = await searchPeople(actor, body);
  return Response.json(result, { headers: { 'cache-control': 'no-store' } });
});
