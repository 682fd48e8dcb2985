import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { getActor } from '@/lib/auth/session';
import { listApiKeys, listUsers } from '@/lib/data/admin';
import { listIssuers } from '@/lib/data/trusted-issuers';
import { getSystemHealth } from '@/lib/data/get-system-health';
import { listDepartments } from '@/lib/data/roles';
import { getDb } from '@/lib/db/client';
import { getReindexState } from '@/lib/data/reindex-job';
import { can } from '@/lib/domain/permissions';
import { ApiKeysTable } from './_components/api-keys-table';
import { CreateApiKeyForm } from './_components/create-api-key-form';
import { ReindexPanel } from './_components/reindex-panel';
import { TrustedIssuersSection } from './_components/trusted-issuers-section';
import { UsersPanel } from './_components/users-panel';

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
  const db = await getDb();
  const [health, users, keys, issuers, departments] = await Promise.all([getSystemHealth(), listUsers(actor), listApiKeys(actor), listIssuers(actor), listDepartments(db)]);
  const canManage = can(actor, 'admin.manage');
  return (
    <div className="space-y-6">
      <PageHeader title="Admin" description="Search index health, the indexing backlog, users, API keys and the audit log." />
      <Card title={<span>Index health</span>}>
        <dl className="grid grid-cols-1 gap-4 text-sm sm:grid-cols-2 md:grid-cols-4">
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
        <UsersPanel
          users={users.map((u) => ({ ...u, deactivatedAt: u.deactivatedAt ? u.deactivatedAt.toISOString() : null }))}
          departments={departments}
          canManage={canManage}
          currentUserId={actor.id}
        />
      </Card>

      <Card title="API keys">
        <p className="mb-3 text-sm text-slate-600">
          Machines call <code>POST /api/v1/credentials</code> and <code>POST /api/v1/search</code> with <code>Authorization: Bearer &lt;key&gt;</code>. A key acts with
          the permissions of its role. Also from a shell: <code>npm run apikey -- create --role recruiter</code>.
        </p>
        {canManage && <CreateApiKeyForm />}
        {keys.length === 0 ? (
          <p className="mt-4 text-sm text-slate-600">No API keys yet.</p>
        ) : (
          <ApiKeysTable
            keys={keys.map((k) => ({ ...k, createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null, revokedAt: k.revokedAt?.toISOString() ?? null }))}
            canManage={canManage}
          />
        )}
      </Card>

      <Card title="Audit log">
        <p className="text-sm text-slate-600">
          Who viewed, exported, imported or changed what: profile views, exports, imports, re-verifications, role and user changes, API keys and reindexes.{' '}
          <Link href="/admin/audit" className="font-medium text-brand-700 underline">
            Open the audit log
          </Link>
        </p>
      </Card>
    </div>
  );
}
