// GET /api/health: for load balancers and the admin page. No sign-in needed, so it says only what
// an outsider may know: up or not, which engine, how many documents, how big the outbox backlog is.
// 503 when the database is down (the app cannot serve anything), 200 otherwise (also when degraded).
import { getSystemHealth } from '@/lib/data/get-system-health';

export async function GET(): Promise<Response> {
  try {
    const h = await getSystemHealth();
    return Response.json(
      {
        status: h.status,
        database: { ok: h.database.ok, kind: h.database.kind, latencyMs: h.database.latencyMs },
        engine: { kind: h.engine.engine, ok: h.engine.ok, documents: h.engine.documents },
        backlog: { pending: h.backlog.pending, failing: h.backlog.failing, oldestPendingAt: h.backlog.oldestPendingAt },
        checkedAt: h.checkedAt,
      },
      { status: h.status === 'down' ? 503 : 200, headers: { 'cache-control': 'no-store' } },
    );
  } catch (err) {
    console.error('[health] check failed', err);
    return Response.json({ status: 'down' }, { status: 503, headers: { 'cache-control': 'no-store' } });
  }
}
