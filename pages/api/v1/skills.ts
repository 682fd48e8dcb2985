// GET /api/v1/skills (lib/api/v1/skills.ts). Served from pages/api: lib/api/pages-api.ts says why.
import { servePagesApi } from '@/lib/api/pages-api';
import { GET } from '@/lib/api/v1/skills';

export const config = { api: { bodyParser: false, responseLimit: false } };

export default servePagesApi({ GET });
