import type { ProfileSkill, SkillProvenance } from '@/lib/data/people';
import { formatIsoDay } from '@/lib/domain/format-date';
import { levelName } from '@/lib/domain/levels';
import { SkillRows, type ProofRow, type SkillRow } from './profile-rows';

const date = (iso: string | null) => formatIsoDay(iso, 'undated');

// Sentences are built here as one string each: JSX that interpolates values between literal text
// makes a text node per piece (with a <!-- --> between pieces in the HTML), and the rows travel to
// the client component as data (profile-rows.tsx, issue 12 item 6).

/** "Issued by X on 3 Mar 2025 · states 3 Practitioner · source level “…” (framework)". */
export function provenanceLine(p: SkillProvenance): string {
  let line = `Issued by ${p.issuerName ?? p.issuerId ?? 'an unknown issuer'} on ${date(p.issuedAt)}`;
  if (p.level !== null) line += ` · states ${p.level} ${levelName(p.level)}`;
  if (p.sourceLevel) line += ` · source level “${p.sourceLevel}”${p.sourceFramework ? ` (${p.sourceFramework})` : ''}`;
  return line;
}

/** "Level 3 Practitioner from “…” on the X scale, achieved D, valid until D." (null: no source level). */
export function levelSourceSentence(s: ProfileSkill): string | null {
  if (!s.sourceLevel) return null;
  return `Level ${s.level} ${levelName(s.level)} from “${s.sourceLevel}”${s.sourceFramework ? ` on the ${s.sourceFramework} scale` : ''}${s.achievedAt ? `, achieved ${date(s.achievedAt)}` : ''}${s.expiresAt ? `, valid until ${date(s.expiresAt)}` : ''}.`;
}

function proofRow(p: SkillProvenance): ProofRow {
  const row: ProofRow = { credentialId: p.credentialId, name: p.achievementName, status: p.status, line: provenanceLine(p) };
  if (p.evidence.length > 0) row.evidence = p.evidence;
  return row;
}

/** What a skill row shows, and nothing else (it is serialised into the page). */
export function skillRow(s: ProfileSkill): SkillRow {
  return {
    skillId: s.skillId,
    name: s.name,
    level: s.level,
    untrusted: s.untrusted,
    trustedLevel: s.trustedLevel,
    source: levelSourceSentence(s),
    provenance: s.provenance.map(proofRow),
    notCounted: s.notCounted.map(proofRow),
  };
}

/** Skills as level bars; each opens its provenance (the credentials, issuers and rubric levels behind it). */
export function SkillLevelList({ skills, selfReported = false }: { skills: ProfileSkill[]; selfReported?: boolean }) {
  return <SkillRows rows={skills.map(skillRow)} selfReported={selfReported} />;
}
