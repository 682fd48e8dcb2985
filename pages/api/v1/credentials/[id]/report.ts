// GET /api/v1/credentials/[id]/report (lib/api/v1/credential-report.ts). Served from pages/api:
// lib/api/pages-api.ts says why.
import { servePagesApi } from '@/lib/api/pages-api';
import { GET } from '@/lib/api/v1/credential-report';

export const config = { api: { bodyParser: false, responseLimit: false } };

export default servePagesApi({ GET }, ['id']);
