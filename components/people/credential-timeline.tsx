import type { ProfileCredential } from '@/lib/data/people';
import { formatIsoDay } from '@/lib/domain/format-date';
import { levelName } from '@/lib/domain/levels';
import { CredentialRows, type CredentialRow } from './profile-rows';

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

/** "Issuer · issuer trusted · Open Badges 3.0 (VC-JWT)": one string, one text node. */
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

/** What a credential row shows, and nothing else (it is serialised into the page). */
export function credentialRow(c: ProfileCredential): CredentialRow {
  return {
    id: c.id,
    status: c.status,
    counts: c.counts,
    day: formatIsoDay(c.issuedAt),
    name: c.achievementName,
    insideClr: c.parentCredentialId !== null,
    overridden: c.recipientBinding === 'overridden',
    untrustedIssuer: c.status === 'verified' && c.issuerTrust !== 'trusted',
    issuer: issuerLine(c),
    sentence: countingSentence(c),
    stated: statedSkillsLine(c),
    // Why it does not count, without opening the report (an override says so in its sentence).
    why: !c.counts && c.failedCheck && c.recipientBinding === 'matched' ? c.failedCheck : null,
    skillIds: c.skills.map((s) => s.skillId).join(' '),
    checkCount: c.checkCount,
    reportKey: `${c.id}:${c.verifiedAt ?? ''}:${c.status}`,
  };
}

/**
 * Credentials newest first, each with its status flagged, why it does not count, and its verification
 * report on demand. Without actions: the profile page draws the rows with their re-verify buttons on
 * the client side (app/(dashboard)/people/[id]/_components/credential-list.tsx) from `credentialRow`.
 */
export function CredentialTimeline({ credentials }: { credentials: ProfileCredential[] }) {
  return <CredentialRows rows={credentials.map(credentialRow)} />;
}
