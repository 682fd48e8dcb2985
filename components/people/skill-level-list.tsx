import { LevelBar } from '@/components/ui/level-bar';
import { StatusBadge } from '@/components/ui/status-badge';
import { UntrustedMark } from '@/components/ui/untrusted-mark';
import type { ProfileSkill, SkillProvenance } from '@/lib/data/people';
import { formatIsoDay } from '@/lib/domain/format-date';
import { levelName } from '@/lib/domain/levels';
import { EvidenceLinks } from './evidence-links';

const date = (iso: string | null) => formatIsoDay(iso, 'undated');

// Sentences are built as one string each: JSX that interpolates values between literal text makes a
// text node per piece, each rendered into the RSC payload and the HTML (with a <!-- --> between
// pieces). A profile shows dozens of these (issue 12 item 6).

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

function ProvenanceItem({ p }: { p: SkillProvenance }) {
  return (
    <li className="rounded bg-slate-50 px-2 py-1.5">
      <a href={`#credential-${p.credentialId}`} className="font-medium text-brand-700 underline">
        {p.achievementName}
      </a>{' '}
      <StatusBadge status={p.status} />
      <span className="block text-xs text-slate-600">{provenanceLine(p)}</span>
      <EvidenceLinks evidence={p.evidence} />
    </li>
  );
}

function ProvenanceList({ title, items, testId, className }: { title: string; items: SkillProvenance[]; testId: string; className: string }) {
  return (
    <div data-testid={testId}>
      <p className={`text-xs font-semibold ${className}`}>{title}</p>
      <ul className="mt-1 space-y-1">
        {items.map((p) => (
          <ProvenanceItem key={p.credentialId} p={p} />
        ))}
      </ul>
    </div>
  );
}

/** Skills as level bars; each opens its provenance (the credentials, issuers and rubric levels behind it). */
export function SkillLevelList({ skills, selfReported = false }: { skills: ProfileSkill[]; selfReported?: boolean }) {
  return (
    <ul className="divide-y divide-slate-100">
      {skills.map((s) => {
        const source = levelSourceSentence(s);
        return (
          <li key={s.skillId} className="py-2" data-testid="profile-skill" data-skill-id={s.skillId} data-level={s.level} data-untrusted={s.untrusted ? 'true' : 'false'}>
            <details>
              <summary className="flex cursor-pointer flex-wrap items-center gap-3">
                <span className="min-w-48 flex-1 font-medium text-slate-900">{s.name}</span>
                {selfReported && <StatusBadge status="self-reported" />}
                {!selfReported && s.untrusted && <UntrustedMark trustedLevel={s.trustedLevel} />}
                <LevelBar level={s.level} label={`${s.name}: ${s.level > 0 ? `${s.level} ${levelName(s.level)}` : 'no verified level'}`} />
                <span className="w-24 text-xs text-slate-500">
                  {s.level > 0 ? `Level ${s.level}` : 'not counted'}
                  {s.notCounted.length > 0 && <span className="block text-red-700">{`${s.notCounted.length} not counted`}</span>}
                </span>
                <span className="text-xs text-brand-700">Proof ▾</span>
              </summary>
              <div className="mt-2 space-y-2 pl-2 text-sm">
                {source && <p className="text-xs text-slate-600">{source}</p>}
                {selfReported ? (
                  <p className="text-xs text-slate-600">Self-reported: no verifiable credential backs this level, so it never counts in verified searches.</p>
                ) : s.provenance.length > 0 ? (
                  <ProvenanceList title="Proved by" items={s.provenance} testId="provenance" className="text-slate-700" />
                ) : (
                  s.level > 0 && <p className="text-xs text-slate-600">No credential detail is recorded for this level.</p>
                )}
                {s.notCounted.length > 0 && (
                  <ProvenanceList title="Not counted (the credential is not valid now, or was attached by override)" items={s.notCounted} testId="not-counted" className="text-red-800" />
                )}
              </div>
            </details>
          </li>
        );
      })}
    </ul>
  );
}
