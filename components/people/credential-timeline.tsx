import type { ReactNode } from 'react';
import { StatusBadge } from '@/components/ui/status-badge';
import { UntrustedMark } from '@/components/ui/untrusted-mark';
import type { ProfileCredential } from '@/lib/data/people';
import { formatIsoDay } from '@/lib/domain/format-date';
import { levelName } from '@/lib/domain/levels';
import { VerificationReport } from './verification-report';

const date = (iso: string | null) => formatIsoDay(iso);

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

/** "Issuer · issuer trusted · Open Badges 3.0 (VC-JWT)": one string, one text node (see skill-level-list.tsx). */
export function issuerLine(c: ProfileCredential): string {
  const trust = c.issuerTrust && c.issuerTrust !== 'unknown' ? ` · issuer ${c.issuerTrust}` : '';
  return `${c.issuerName ?? c.issuerId ?? 'Unknown issuer'}${trust} · ${FORMAT[c.format] ?? c.format}`;
}

/** "States: Skill 3 Practitioner (“source level”); ..." (null: it states no skill). */
export function statedSkillsLine(c: ProfileCredential): string | null {
  if (c.skills.length === 0) return null;
  return `States: ${c.skills.map((s) => `${s.name} ${s.level} ${levelName(s.level)}${s.sourceLevel ? ` (“${s.sourceLevel}”)` : ''}`).join('; ')}`;
}

function countingSentence(c: ProfileCredential): string {
  return c.recipientBinding === 'overridden'
    ? `Attached by HR although it was issued to someone else (“${c.overrideReason ?? ''}”): it never counts toward verified levels.`
    : (STATUS_SENTENCE[c.status] ?? c.status);
}

/**
 * Credentials newest first, each with its status flagged, why it does not count, and its verification
 * report on demand. Each row is the card itself (no wrapper element) and its text is whole strings:
 * every element and text node is rendered into the RSC payload and the HTML (issue 12 item 6).
 */
export function CredentialTimeline({ credentials, renderActions }: { credentials: ProfileCredential[]; renderActions?: (c: ProfileCredential) => ReactNode }) {
  return (
    <ol className="relative space-y-4 border-l-2 border-slate-200 pl-5">
      {credentials.map((c) => {
        const stated = statedSkillsLine(c);
        return (
          <li
            key={c.id}
            id={`credential-${c.id}`}
            className={`relative scroll-mt-4 rounded-lg border p-3 ${c.counts ? 'border-slate-200 bg-white' : 'border-red-200 bg-red-50/40'}`}
            data-testid="credential"
            data-status={c.status}
            data-credential-id={c.id}
            data-skill-ids={c.skills.map((s) => s.skillId).join(' ')}
          >
            {/* The timeline's dot on the line, where it was when the card was a child of the row (offsets now from inside the card's 1px border). */}
            <span aria-hidden className={`absolute -left-[1.78rem] top-[0.3125rem] h-3 w-3 rounded-full ${c.counts ? 'bg-emerald-500' : 'bg-red-500'}`} />
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-xs text-slate-500">{date(c.issuedAt)}</span>
              <h3 className="font-medium text-slate-900">{c.achievementName}</h3>
              <StatusBadge status={c.status} />
              {c.parentCredentialId && <span className="text-xs text-slate-500">(inside a CLR)</span>}
              {c.recipientBinding === 'overridden' && <StatusBadge status="overridden" />}
              {c.status === 'verified' && c.issuerTrust !== 'trusted' && <UntrustedMark compact />}
            </div>
            <p className="text-sm text-slate-600">{issuerLine(c)}</p>
            <p className={`mt-1 text-sm ${c.counts ? 'text-emerald-800' : 'font-medium text-red-800'}`}>{countingSentence(c)}</p>
            {stated && <p className="mt-1 text-xs text-slate-600">{stated}</p>}
            {!c.counts && c.failedCheck && c.recipientBinding === 'matched' && (
              <p className="mt-1 text-xs text-red-800" data-testid="failed-check">
                {`Why: ${c.failedCheck}`}
              </p>
            )}
            {/* Remounted when a re-verify changes the stored report, so an open report is not stale. */}
            <VerificationReport key={`${c.id}:${c.verifiedAt ?? ''}:${c.status}`} credentialId={c.id} checkCount={c.checkCount} />
            {renderActions && <div className="mt-2">{renderActions(c)}</div>}
          </li>
        );
      })}
    </ol>
  );
}
