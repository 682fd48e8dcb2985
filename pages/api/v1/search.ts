// POST /api/v1/search (lib/api/v1/search.ts). Served from pages/api: lib/api/pages-api.ts says why.
import { servePagesApi } from '@/lib/api/pages-api';
import { POST } from '@/lib/api/v1/search';

// The handler reads the body itself, with its own limit while reading (lib/api/route.ts).
export const config = { api: { bodyParser: false, responseLimit: false } };

export default servePagesApi({ POST });
