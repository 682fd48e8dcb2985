// The admin page polls this while a reindex runs. A plain GET rather than a server action: actions
// from one page run one after another, so polls would queue behind the action that started the run.
import { NextResponse } from 'next/server';
import { apiRoute } from '@/lib/api/route';
import { getReindexState } from '@/lib/data/reindex-job';

export const dynamic = 'force-dynamic';

export const GET = apiRoute('admin.view', async () => NextResponse.json(getReindexState(), { headers: { 'cache-control': 'no-store' } }));
