// GET /api/health (lib/api/health.ts). Served from pages/api: lib/api/pages-api.ts says why.
import { servePagesApi } from '@/lib/api/pages-api';
import { GET } from '@/lib/api/health';

export const config = { api: { bodyParser: false, responseLimit: false } };

export default servePagesApi({ GET });
