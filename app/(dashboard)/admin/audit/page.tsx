// The audit log, newest first, filtered by action, actor, subject and dates. The filters are a GET
// form, so the URL holds them: a filtered view can be bookmarked or sent to a colleague.
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { getActor } from '@/lib/auth/session';
import { listAuditLog, parseAuditFilters, type AuditFilters } from '@/lib/data/admin';
import { can } from '@/lib/domain/permissions';

export const metadata: Metadata = { title: 'Audit log · Admin' };
export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function hrefFor(filters: AuditFilters, page: number): string {
  const params = new URLSearchParams();
  for (const key of ['action', 'actor', 'subjectType', 'subject', 'from', 'to'] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return `/admin/audit${qs ? `?${qs}` : ''}`;
}

/** The detail column: short key=value pairs, so a row stays one glance. */
function describeDetail(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' · ')
    .slice(0, 300);
}

/**
 * A select over the values the log holds; a value from the URL that the log no longer holds stays
 * chosen (and listed) so the form shows the filter that is actually applied.
 */
function ChoiceFilter({ id, name, label, anyLabel, choices, chosen }: { id: string; name: string; label: string; anyLabel: string; choices: string[]; chosen?: string | null }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={id} name={name} defaultValue={chosen ?? ''} className={fieldClass}>
        <option value="">{anyLabel}</option>
        {[...new Set([...choices, ...(chosen ? [chosen] : [])])].map((a) => (
          <option key={a} value={a}>
            {a}
          </option>
        ))}
      </select>
    </div>
  );
}

const fieldClass = 'mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm';

export default async function AuditLogPage({ searchParams }: Props) {
  const actor = await getActor();
  if (!actor || !can(actor, 'admin.view')) notFound();
  const { filters, notices } = parseAuditFilters(await searchParams);
  const log = await listAuditLog(actor, filters);
  const pages = Math.max(1, Math.ceil(log.total / log.pageSize));
  const filtered = Boolean(filters.action || filters.actor || filters.subjectType || filters.subject || filters.from || filters.to);

  return (
    <div className="space-y-6">
      <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
        <Link href="/admin" className="text-brand-700 underline">
          Admin
        </Link>{' '}
        › Audit log
      </nav>
      <PageHeader title="Audit log" description="Who viewed, exported or changed what, newest first. The address bar keeps the filters: copy it to share this view." />
      {notices.length > 0 && (
        <Alert tone="warning">
          <ul className="list-inside list-disc">
            {notices.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </Alert>
      )}
      <Card title="Filters">
        <form method="get" action="/admin/audit" className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <ChoiceFilter id="audit-action" name="action" label="Action" anyLabel="Any action" choices={log.actions} chosen={filters.action} />
          <div>
            <label htmlFor="audit-actor" className="block text-sm font-medium text-slate-700">
              Who <span className="font-normal text-slate-600">(email, or apikey:&lt;id&gt;)</span>
            </label>
            <input id="audit-actor" name="actor" type="text" maxLength={320} defaultValue={filters.actor ?? ''} className={fieldClass} />
          </div>
          <ChoiceFilter id="audit-subject-type" name="subjectType" label="Subject type" anyLabel="Any subject" choices={log.subjectTypes} chosen={filters.subjectType} />
          <div>
            <label htmlFor="audit-subject" className="block text-sm font-medium text-slate-700">
              Subject id
            </label>
            <input id="audit-subject" name="subject" type="text" maxLength={200} defaultValue={filters.subject ?? ''} className={fieldClass} />
          </div>
          <div>
            <label htmlFor="audit-from" className="block text-sm font-medium text-slate-700">
              From <span className="font-normal text-slate-600">(UTC day)</span>
            </label>
            <input id="audit-from" name="from" type="date" defaultValue={filters.from ?? ''} className={fieldClass} />
          </div>
          <div>
            <label htmlFor="audit-to" className="block text-sm font-medium text-slate-700">
              To <span className="font-normal text-slate-600">(UTC day, included)</span>
            </label>
            <input id="audit-to" name="to" type="date" defaultValue={filters.to ?? ''} className={fieldClass} />
          </div>
          <div className="flex items-end gap-3 sm:col-span-2 lg:col-span-3">
            <button type="submit" className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
              Apply filters
            </button>
            {filtered && (
              <Link href="/admin/audit" className="text-sm text-brand-700 underline">
                Clear filters
              </Link>
            )}
          </div>
        </form>
      </Card>

      <p className="text-sm text-slate-700" data-testid="audit-count">
        {log.total.toLocaleString('en-GB')} {log.total === 1 ? 'entry' : 'entries'}
        {filtered ? ' match these filters' : ''}.
      </p>
      {log.entries.length === 0 ? (
        <EmptyState title="No entries" action={filtered ? <Link href="/admin/audit" className="text-sm text-brand-700 underline">Clear filters</Link> : undefined}>
          {filtered ? 'Nothing in the audit log matches these filters.' : 'Nothing has been recorded yet.'}
        </EmptyState>
      ) : (
        <div className="rounded-lg border border-slate-200 bg-white px-3 shadow-sm">
          <table className="table-reflow w-full text-left text-sm" data-testid="audit-log">
            <caption className="sr-only">Audit log entries, newest first</caption>
            <thead className="text-xs uppercase text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4">When (UTC)</th>
                <th scope="col" className="py-2 pr-4">Who</th>
                <th scope="col" className="py-2 pr-4">Action</th>
                <th scope="col" className="py-2 pr-4">Subject</th>
                <th scope="col" className="py-2">Detail</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {log.entries.map((e) => (
                <tr key={e.id} className="align-top" data-testid="audit-entry" data-subject-id={e.subjectId}>
                  <td className="whitespace-nowrap py-2 pr-4 tabular-nums">{e.at.slice(0, 19).replace('T', ' ')}</td>
                  <td data-label="Who" className="py-2 pr-4">
                    {e.actorEmail ? (
                      <Link href={hrefFor({ ...filters, actor: e.actorEmail }, 1)} className="text-brand-700 underline" title={`Only entries by ${e.actorEmail}`}>
                        {e.actorName ?? e.actorEmail}
                      </Link>
                    ) : (
                      <span className="break-all">{e.actorId ?? 'system'}</span>
                    )}
                  </td>
                  <td data-label="Action" className="py-2 pr-4">
                    <Link href={hrefFor({ ...filters, action: e.action }, 1)} className="font-mono text-xs text-brand-700 underline" title={`Only ${e.action} entries`}>
                      {e.action}
                    </Link>
                  </td>
                  <td data-label="Subject" className="break-all py-2 pr-4">
                    <span className="text-slate-600">{e.subjectType}</span> {e.subjectType === 'person' ? <Link href={`/people/${encodeURIComponent(e.subjectId)}`} className="text-brand-700 underline">{e.subjectId}</Link> : e.subjectId}
                  </td>
                  <td data-label="Detail" className="break-all py-2 text-xs text-slate-700">
                    {describeDetail(e.detail) || '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={log.page} pages={pages} hrefFor={(page) => hrefFor(filters, page)} label="Audit log pages" labels={{ previous: '← Newer', next: 'Older →' }} />
    </div>
  );
}
