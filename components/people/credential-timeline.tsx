import type { ReactNode } from 'react';
import { StatusBadge } from '@/components/ui/status-badge';
import { UntrustedMark } from '@/components/ui/untrusted-mark';
import type { ProfileCredential } from '@/lib/data/people';
import { levelName } from '@/lib/domain/levels';
import { EvidenceLinks } from './evidence-links';

const date = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }) : '—');

const STATUS_SENTENCE: Record<string, string> = {
  verified: 'Verified: counts toward this person’s levels.',
  revoked: 'Revoked by the issuer: not counted toward any level.',
  expired: 'Expired: not counted toward any level.',
  invalid: 'Failed verification: not counted toward any level.',
  'not-yet-valid': 'Not valid yet: not counted until its start date.',
  suspended: 'Suspended by the issuer: not counted while suspended.',
  unverified: 'Could not be verified (self-reported or no proof): not counted toward verified levels.',
};

const FORMAT: Record<string, string> = {
  'ob2-hosted': 'Open Badges 2.0 (hosted)',
  'ob2-signed': 'Open Badges 2.0 (signed)',
  'ob3-ldp': 'Open Badges 3.0 (Data Integrity)',
  'ob3-jwt': 'Open Badges 3.0 (VC-JWT)',
  'clr2-ldp': 'CLR 2.0 (Data Integrity)',
  'clr2-jwt': 'CLR 2.0 (VC-JWT)',
  'course-csv': 'Course completion (CSV)',
};

/** Credentials newest first, each with its status flagged and its full verification report. */
export function CredentialTimeline({ credentials, renderActions }: { credentials: ProfileCredential[]; renderActions?: (c: ProfileCredential) => ReactNode }) {
  return (
    <ol className="relative space-y-4 border-l-2 border-slate-200 pl-5">
      {credentials.map((c) => (
        <li key={c.id} id={`credential-${c.id}`} className="relative scroll-mt-4" data-testid="credential" data-status={c.status} data-credential-id={c.id} data-skill-ids={c.skills.map((s) => s.skillId).join(' ')}>
          <span aria-hidden className={`absolute -left-[1.72rem] top-1.5 h-3 w-3 rounded-full ${c.counts ? 'bg-emerald-500' : 'bg-red-500'}`} />
          <div className={`rounded-lg border p-3 ${c.counts ? 'border-slate-200 bg-white' : 'border-red-200 bg-red-50/40'}`}>
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-xs text-slate-500">{date(c.issuedAt)}</span>
              <h3 className="font-medium text-slate-900">{c.achievementName}</h3>
              <StatusBadge status={c.status} />
              {c.parentCredentialId && <span className="text-xs text-slate-500">(inside a CLR)</span>}
              {c.recipientBinding === 'overridden' && <StatusBadge status="overridden" />}
              {c.status === 'verified' && c.issuerTrust !== 'trusted' && <UntrustedMark compact />}
            </div>
            <p className="text-sm text-slate-600">
              {c.issuerName ?? c.issuerId ?? 'Unknown issuer'}
              {c.issuerTrust && c.issuerTrust !== 'unknown' && <span className="text-xs"> · issuer {c.issuerTrust}</span>} · {FORMAT[c.format] ?? c.format}
            </p>
            <p className={`mt-1 text-sm ${c.counts ? 'text-emerald-800' : 'font-medium text-red-800'}`}>
              {c.recipientBinding === 'overridden'
                ? `Attached by HR although it was issued to someone else (“${c.overrideReason ?? ''}”): it never counts toward verified levels.`
                : (STATUS_SENTENCE[c.status] ?? c.status)}
            </p>
            {c.skills.length > 0 && (
              <p className="mt-1 text-xs text-slate-600">
                States: {c.skills.map((s) => `${s.name} ${s.level} ${levelName(s.level)}${s.sourceLevel ? ` (“${s.sourceLevel}”)` : ''}`).join('; ')}
              </p>
            )}
            <details className="mt-2">
              <summary className="cursor-pointer text-sm text-brand-700">Verification report ({c.checks.length} checks)</summary>
              <table className="mt-2 w-full text-left text-xs">
                <thead className="text-slate-500">
                  <tr>
                    <th className="py-1 pr-2 font-medium">Check</th>
                    <th className="py-1 pr-2 font-medium">Result</th>
                    <th className="py-1 font-medium">Detail</th>
                  </tr>
                </thead>
                <tbody>
                  {c.checks.map((check, i) => (
                    <tr key={`${check.id}-${i}`} className="border-t border-slate-100 align-top">
                      <td className="py-1 pr-2 font-mono">{check.id}</td>
                      <td className="py-1 pr-2">
                        <StatusBadge status={check.result} />
                      </td>
                      <td className="py-1 text-slate-700">{check.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 text-xs text-slate-600">
                <dt>Valid from</dt>
                <dd>{date(c.validFrom ?? c.issuedAt)}</dd>
                <dt>Valid until</dt>
                <dd>{c.validUntil ? date(c.validUntil) : 'no end date'}</dd>
                <dt>Last verified</dt>
                <dd>{date(c.verifiedAt)}</dd>
                <dt>Source</dt>
                <dd>{c.source}</dd>
              </dl>
              {c.evidence.length > 0 && (
                <div className="mt-2">
                  <p className="text-xs font-semibold text-slate-700">Evidence</p>
                  <EvidenceLinks evidence={c.evidence} />
                </div>
              )}
            </details>
            {renderActions && <div className="mt-2">{renderActions(c)}</div>}
          </div>
        </li>
      ))}
    </ol>
  );
}
