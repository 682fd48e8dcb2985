import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { getActor } from '@/lib/auth/session';
import { listApiKeys, listUsers } from '@/lib/data/admin';
import { listIssuers } from '@/lib/data/trusted-issuers';
import { getSystemHealth } from '@/lib/data/get-system-health';
import { getReindexState } from '@/lib/data/reindex-job';
import { can } from '@/lib/domain/permissions';
import { revokeApiKeyAction } from './_actions/revoke-api-key';
import { CreateApiKeyForm } from './_components/create-api-key-form';
import { ReindexPanel } from './_components/reindex-panel';
import { TrustedIssuersSection } from './_components/trusted-issuers-section';

export const metadata: Metadata = { title: 'Admin' };
export const dynamic = 'force-dynamic';

function formatDate(value: Date | string | null) {
  if (!value) return '—';
  return new Date(value).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export default async function AdminPage() {
  const actor = await getActor();
  // Someone without the permission learns nothing about this page: the same 404 as a missing page.
  if (!actor || !can(actor, 'admin.view')) notFound();
  const [health, users, keys, issuers] = await Promise.all([getSystemHealth(), listUsers(actor), listApiKeys(actor), listIssuers(actor)]);
  const canManage = can(actor, 'admin.manage');
  return (
    <div className="space-y-6">
      <PageHeader title="Admin" description="Search index health, the indexing backlog, users and API keys." />
      <Card title={<span>Index health</span>}>
        <dl className="grid grid-cols-2 gap-4 text-sm md:grid-cols-4">
          <div>
            <dt className="text-slate-500">Database</dt>
            <dd className="mt-1 font-medium">
              <StatusBadge status={health.database.ok ? 'pass' : 'fail'} /> {health.database.kind ?? ''}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Search engine</dt>
            <dd className="mt-1 font-medium">
              <StatusBadge status={health.engine.ok ? 'pass' : 'fail'} /> {health.engine.engine}
              <p className="mt-1 text-xs font-normal text-slate-500">{health.engine.message}</p>
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">People indexed</dt>
            <dd className="mt-1 text-lg font-semibold">{health.engine.documents ?? '—'}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Indexing backlog</dt>
            <dd className="mt-1 text-lg font-semibold">
              {health.backlog.pending} pending{health.backlog.failing > 0 && <span className="ml-2 text-sm text-red-700">{health.backlog.failing} retrying</span>}
            </dd>
            <dd className="text-xs text-slate-500">oldest: {formatDate(health.backlog.oldestPendingAt)}</dd>
          </div>
        </dl>
        {canManage && (
          <div className="mt-4 border-t border-slate-100 pt-4">
            <ReindexPanel initial={getReindexState()} />
          </div>
        )}
      </Card>

      <TrustedIssuersSection
        issuers={issuers.map((i) => ({ ...i, trustChangedAt: i.trustChangedAt ? i.trustChangedAt.toISOString() : null }))}
        canManage={can(actor, 'issuers.manage')}
      />

      <Card title="Users">
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2 pr-4">Name</th>
                <th className="py-2 pr-4">Email</th>
                <th className="py-2 pr-4">Role</th>
                <th className="py-2 pr-4">Department</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {users.map((u) => (
                <tr key={u.id}>
                  <td className="py-2 pr-4">{u.name}</td>
                  <td className="py-2 pr-4">{u.email}</td>
                  <td className="py-2 pr-4">{u.role}</td>
                  <td className="py-2 pr-4">{u.departmentId ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>

      <Card title="API keys">
        <p className="mb-3 text-sm text-slate-600">
          Machines call <code>POST /api/v1/credentials</code> and <code>POST /api/v1/search</code> with <code>Authorization: Bearer &lt;key&gt;</code>. A key acts with
          the permissions of its role. Also from a shell: <code>npm run apikey -- create --role recruiter</code>.
        </p>
        {canManage && <CreateApiKeyForm />}
        {keys.length === 0 ? (
          <p className="mt-4 text-sm text-slate-500">No API keys yet.</p>
        ) : (
          <table className="mt-4 w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2 pr-4">Name</th>
                <th className="py-2 pr-4">Key</th>
                <th className="py-2 pr-4">Role</th>
                <th className="py-2 pr-4">Created</th>
                <th className="py-2 pr-4">Last used</th>
                <th className="py-2 pr-4" />
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {keys.map((k) => (
                <tr key={k.id}>
                  <td className="py-2 pr-4">{k.name}</td>
                  <td className="py-2 pr-4 font-mono text-xs">{k.prefix}…</td>
                  <td className="py-2 pr-4">{k.role}</td>
                  <td className="py-2 pr-4">{formatDate(k.createdAt)}</td>
                  <td className="py-2 pr-4">{formatDate(k.lastUsedAt)}</td>
                  <td className="py-2 pr-4 text-right">
                    {k.revokedAt ? (
                      <StatusBadge status="revoked" />
                    ) : canManage ? (
                      <form action={revokeApiKeyAction}>
                        <input type="hidden" name="id" value={k.id} />
                        <button type="submit" className="text-sm text-red-700 underline">
                          Revoke
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
