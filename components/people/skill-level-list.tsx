import { LevelBar } from '@/components/ui/level-bar';
import { StatusBadge } from '@/components/ui/status-badge';
import { UntrustedMark } from '@/components/ui/untrusted-mark';
import type { ProfileSkill, SkillProvenance } from '@/lib/data/people';
import { formatIsoDay } from '@/lib/domain/format-date';
import { levelName } from '@/lib/domain/levels';
import { EvidenceLinks } from './evidence-links';

const date = (iso: string | null) => formatIsoDay(iso, 'undated');

function ProvenanceItem({ p }: { p: SkillProvenance }) {
  return (
    <li className="rounded border border-slate-100 bg-slate-50 px-2 py-1.5">
      <a href={`#credential-${p.credentialId}`} className="font-medium text-brand-700 underline">
        {p.achievementName}
      </a>{' '}
      <StatusBadge status={p.status} />
      <div className="text-xs text-slate-600">
        Issued by {p.issuerName ?? p.issuerId ?? 'an unknown issuer'} on {date(p.issuedAt)}
        {p.level !== null && (
          <>
            {' '}
            · states {p.level} {levelName(p.level)}
          </>
        )}
        {p.sourceLevel && (
          <>
            {' '}
            · source level “{p.sourceLevel}”{p.sourceFramework ? ` (${p.sourceFramework})` : ''}
          </>
        )}
      </div>
      <EvidenceLinks evidence={p.evidence} />
    </li>
  );
}

/** Skills as level bars; each opens its provenance (the credentials, issuers and rubric levels behind it). */
export function SkillLevelList({ skills, selfReported = false }: { skills: ProfileSkill[]; selfReported?: boolean }) {
  return (
    <ul className="divide-y divide-slate-100">
      {skills.map((s) => (
        <li key={s.skillId} className="py-2" data-testid="profile-skill" data-skill-id={s.skillId} data-level={s.level} data-untrusted={s.untrusted ? 'true' : 'false'}>
          <details>
            <summary className="flex cursor-pointer flex-wrap items-center gap-3">
              <span className="min-w-48 flex-1 font-medium text-slate-900">{s.name}</span>
              {selfReported && <StatusBadge status="self-reported" />}
              {!selfReported && s.untrusted && <UntrustedMark trustedLevel={s.trustedLevel} />}
              <LevelBar level={s.level} label={`${s.name}: ${s.level > 0 ? `${s.level} ${levelName(s.level)}` : 'no verified level'}`} />
              <span className="w-24 text-xs text-slate-500">
                {s.level > 0 ? `Level ${s.level}` : 'not counted'}
                {s.notCounted.length > 0 && <span className="block text-red-700">{s.notCounted.length} not counted</span>}
              </span>
              <span className="text-xs text-brand-700">Proof ▾</span>
            </summary>
            <div className="mt-2 space-y-2 pl-2 text-sm">
              {s.sourceLevel && (
                <p className="text-xs text-slate-600">
                  Level {s.level} {levelName(s.level)} from “{s.sourceLevel}”{s.sourceFramework ? ` on the ${s.sourceFramework} scale` : ''}
                  {s.achievedAt ? `, achieved ${date(s.achievedAt)}` : ''}
                  {s.expiresAt ? `, valid until ${date(s.expiresAt)}` : ''}.
                </p>
              )}
              {selfReported ? (
                <p className="text-xs text-slate-600">Self-reported: no verifiable credential backs this level, so it never counts in verified searches.</p>
              ) : s.provenance.length > 0 ? (
                <div data-testid="provenance">
                  <p className="text-xs font-semibold text-slate-700">Proved by</p>
                  <ul className="mt-1 space-y-1">
                    {s.provenance.map((p) => (
                      <ProvenanceItem key={p.credentialId} p={p} />
                    ))}
                  </ul>
                </div>
              ) : (
                s.level > 0 && <p className="text-xs text-slate-600">No credential detail is recorded for this level.</p>
              )}
              {s.notCounted.length > 0 && (
                <div data-testid="not-counted">
                  <p className="text-xs font-semibold text-red-800">Not counted (the credential is not valid now, or was attached by override)</p>
                  <ul className="mt-1 space-y-1">
                    {s.notCounted.map((p) => (
                      <ProvenanceItem key={p.credentialId} p={p} />
                    ))}
                  </ul>
                </div>
              )}
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
