'use client';
// API keys by prefix; revoking one asks first, naming the key and what stops working.
import { ConfirmButton } from '@/components/ui/confirm-button';
import { StatusBadge } from '@/components/ui/status-badge';
import { revokeApiKeyAction } from '../_actions/revoke-api-key';

export type ApiKeyRow = { id: string; name: string; prefix: string; role: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

const formatDate = (value: string | null) => (value ? new Date(value).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC' : '—');

export function ApiKeysTable({ keys, canManage }: { keys: ApiKeyRow[]; canManage: boolean }) {
  return (
    <table className="table-reflow mt-4 w-full text-left text-sm">
      <thead className="text-xs uppercase text-slate-600">
        <tr>
          <th className="py-2 pr-4">Name</th>
          <th className="py-2 pr-4">Key</th>
          <th className="py-2 pr-4">Role</th>
          <th className="py-2 pr-4">Created</th>
          <th className="py-2 pr-4">Last used</th>
          <th className="py-2">
            <span className="sr-only">Status or action</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {keys.map((k) => (
          <tr key={k.id} data-testid="api-key">
            <td className="py-2 pr-4 font-medium">{k.name}</td>
            <td data-label="Key" className="reflow-half py-2 pr-4 font-mono text-xs">
              {k.prefix}…
            </td>
            <td data-label="Role" className="reflow-half py-2 pr-4">
              {k.role}
            </td>
            <td data-label="Created" className="reflow-half py-2 pr-4">
              {formatDate(k.createdAt)}
            </td>
            <td data-label="Last used" className="reflow-half py-2 pr-4">
              {formatDate(k.lastUsedAt)}
            </td>
            <td className="py-2 sm:text-right">
              {k.revokedAt ? (
                <StatusBadge status="revoked" />
              ) : canManage ? (
                <ConfirmButton
                  action={revokeApiKeyAction}
                  fields={{ id: k.id }}
                  title={`Revoke the key "${k.name}"?`}
                  description={
                    <p>
                      Requests with the key starting <code>{k.prefix}</code> ({k.role}) get 401 from now on. This cannot be undone: the system using it needs a new key.
                    </p>
                  }
                  confirmLabel="Revoke key"
                  className="text-red-700"
                >
                  Revoke
                </ConfirmButton>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
