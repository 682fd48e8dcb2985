'use client';
// A credential's verification report, loaded when the user opens it (GET /api/v1/credentials/[id]/report)
// instead of rendered, closed, into every profile page: it was about half of a profile's HTML and RSC
// payload (issue 12 item 6). The profile itself still shows each credential's status, why it does not
// count (its first failed check) and which credentials prove each level; the report is one click away.
// A disclosure button (aria-expanded / aria-controls), so it works from the keyboard like <details>.
import { useId, useRef, useState } from 'react';
import { StatusBadge } from '@/components/ui/status-badge';
import { useHydrated } from '@/components/ui/hydrated';
import type { CredentialReport } from '@/lib/data/people';
import { formatIsoDay } from '@/lib/domain/format-date';
import { EvidenceLinks } from './evidence-links';

const date = (iso: string | null) => formatIsoDay(iso);

type State = { phase: 'idle' | 'loading' } | { phase: 'loaded'; report: CredentialReport } | { phase: 'failed'; message: string };

async function fetchReport(credentialId: string): Promise<CredentialReport> {
  const res = await fetch(`/api/v1/credentials/${encodeURIComponent(credentialId)}/report`, { headers: { accept: 'application/json' }, cache: 'no-store' });
  const body = (await res.json().catch(() => null)) as { report?: CredentialReport; error?: { message?: string } } | null;
  if (!res.ok || !body?.report) throw new Error(body?.error?.message ?? `The report could not be loaded (HTTP ${res.status}).`);
  return body.report;
}

export function VerificationReport({ credentialId, checkCount }: { credentialId: string; checkCount: number }) {
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<State>({ phase: 'idle' });
  const loading = useRef(false);
  const panelId = useId();
  // Before hydration the button has no handler yet: disabled, so a click is not silently lost.
  const hydrated = useHydrated();

  const load = () => {
    if (loading.current) return;
    loading.current = true;
    setState({ phase: 'loading' });
    fetchReport(credentialId).then(
      (report) => setState({ phase: 'loaded', report }),
      (err: unknown) => setState({ phase: 'failed', message: err instanceof Error ? err.message : 'The report could not be loaded.' }),
    ).finally(() => {
      loading.current = false;
    });
  };

  const toggle = () => {
    const next = !open;
    setOpen(next);
    if (next && (state.phase === 'idle' || state.phase === 'failed')) load();
  };

  return (
    <div className="mt-2">
      <button type="button" className="cursor-pointer text-sm text-brand-700 underline-offset-2 hover:underline" aria-expanded={open} aria-controls={panelId} disabled={!hydrated} onClick={toggle}>
        <span aria-hidden>{open ? '▾' : '▸'}</span>{` Verification report (${checkCount} checks)`}
      </button>
      <div id={panelId} hidden={!open} data-testid="verification-report">
        {state.phase === 'loading' && (
          <p role="status" className="mt-2 text-xs text-slate-600">
            Loading the report…
          </p>
        )}
        {state.phase === 'failed' && (
          <p role="alert" className="mt-2 text-xs text-red-800">
            {state.message}{' '}
            <button type="button" className="text-brand-700 underline" onClick={load}>
              Try again
            </button>
          </p>
        )}
        {state.phase === 'loaded' && <ReportBody report={state.report} />}
      </div>
    </div>
  );
}

function ReportBody({ report }: { report: CredentialReport }) {
  return (
    <>
      {/* Key ids and URLs in the details are long unbroken strings: they wrap anywhere, so the table fits a phone. */}
      <div className="overflow-x-auto">
      <table className="mt-2 w-full text-left text-xs">
        <caption className="sr-only">Verification checks of {report.achievementName}</caption>
        <thead className="text-slate-500">
          <tr>
            <th className="py-1 pr-2 font-medium">Check</th>
            <th className="py-1 pr-2 font-medium">Result</th>
            <th className="py-1 font-medium">Detail</th>
          </tr>
        </thead>
        <tbody>
          {report.checks.map((check, i) => (
            <tr key={`${check.id}-${i}`} className="border-t border-slate-100 align-top">
              <td className="py-1 pr-2 font-mono">{check.id}</td>
              <td className="py-1 pr-2">
                <StatusBadge status={check.result} />
              </td>
              <td className="py-1 text-slate-700 [overflow-wrap:anywhere]">{check.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 text-xs text-slate-600">
        <dt>Valid from</dt>
        <dd>{date(report.validFrom ?? report.issuedAt)}</dd>
        <dt>Valid until</dt>
        <dd>{report.validUntil ? date(report.validUntil) : 'no end date'}</dd>
        <dt>Last verified</dt>
        <dd>{date(report.verifiedAt)}</dd>
        <dt>Source</dt>
        <dd>{report.source}</dd>
      </dl>
      {report.evidence.length > 0 && (
        <div className="mt-2">
          <p className="text-xs font-semibold text-slate-700">Evidence</p>
          <EvidenceLinks evidence={report.evidence} />
        </div>
      )}
    </>
  );
}
