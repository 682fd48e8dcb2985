'use client';
// The profile's skill and credential rows, drawn from compact, display-ready rows (issue 12 item 6).
// A server component's output travels twice: as HTML and, in the RSC payload, as the same tree of
// elements with every class name and attribute spelled out (about 2.5 KB a skill and 1.5 KB a
// credential on the demo's profiles). A client component travels as its props: the rows below,
// about a quarter of that, and the server skips serialising and re-parsing the element tree.
// Nothing here is interactive apart from the report and re-verify buttons; every string (dates
// included) is made on the server, so the browser renders exactly what the HTML already shows.
import type { ReactNode } from 'react';
import { LevelBar } from '@/components/ui/level-bar';
import { StatusBadge } from '@/components/ui/status-badge';
import { UntrustedMark } from '@/components/ui/untrusted-mark';
import type { EvidenceJson } from '@/lib/db/schema';
import { levelName } from '@/lib/domain/levels';
import { EvidenceLinks } from './evidence-links';
import { VerificationReport } from './verification-report';

/** One credential behind a level (or claiming it without counting). */
export type ProofRow = { credentialId: string; name: string; status: string; line: string; evidence?: EvidenceJson[] };

export type SkillRow = {
  skillId: string;
  name: string;
  level: number;
  untrusted: boolean;
  trustedLevel: number | null;
  /** "Level 3 Practitioner from “…”…" (null: no source level). */
  source: string | null;
  provenance: ProofRow[];
  notCounted: ProofRow[];
};

export type CredentialRow = {
  id: string;
  status: string;
  counts: boolean;
  day: string;
  name: string;
  insideClr: boolean;
  overridden: boolean;
  untrustedIssuer: boolean;
  issuer: string;
  sentence: string;
  stated: string | null;
  why: string | null;
  skillIds: string;
  checkCount: number;
  /** Changes when a re-verify changes the stored report: the report remounts instead of showing a stale one. */
  reportKey: string;
};

function ProofItem({ p }: { p: ProofRow }) {
  return (
    <li className="rounded bg-slate-50 px-2 py-1.5">
      <a href={`#credential-${p.credentialId}`} className="font-medium text-brand-700 underline">
        {p.name}
      </a>{' '}
      <StatusBadge status={p.status} />
      <span className="block text-xs text-slate-600">{p.line}</span>
      {p.evidence && <EvidenceLinks evidence={p.evidence} />}
    </li>
  );
}

function ProofList({ title, items, testId, className }: { title: string; items: ProofRow[]; testId: string; className: string }) {
  return (
    <div data-testid={testId}>
      <p className={`text-xs font-semibold ${className}`}>{title}</p>
      <ul className="mt-1 space-y-1">
        {items.map((p) => (
          <ProofItem key={p.credentialId} p={p} />
        ))}
      </ul>
    </div>
  );
}

/** Skills as level bars; each opens its provenance (the credentials, issuers and rubric levels behind it). */
export function SkillRows({ rows, selfReported }: { rows: SkillRow[]; selfReported: boolean }) {
  return (
    <ul className="divide-y divide-slate-100">
      {rows.map((s) => (
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
              {s.source && <p className="text-xs text-slate-600">{s.source}</p>}
              {selfReported ? (
                <p className="text-xs text-slate-600">Self-reported: no verifiable credential backs this level, so it never counts in verified searches.</p>
              ) : s.provenance.length > 0 ? (
                <ProofList title="Proved by" items={s.provenance} testId="provenance" className="text-slate-700" />
              ) : (
                s.level > 0 && <p className="text-xs text-slate-600">No credential detail is recorded for this level.</p>
              )}
              {s.notCounted.length > 0 && (
                <ProofList title="Not counted (the credential is not valid now, or was attached by override)" items={s.notCounted} testId="not-counted" className="text-red-800" />
              )}
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}

/** Credentials newest first: status, why one does not count, its verification report on demand, and its actions. */
export function CredentialRows({ rows, renderAction }: { rows: CredentialRow[]; renderAction?: (row: CredentialRow) => ReactNode }) {
  return (
    <ol className="relative space-y-4 border-l-2 border-slate-200 pl-5">
      {rows.map((c) => (
        <li
          key={c.id}
          id={`credential-${c.id}`}
          className={`relative scroll-mt-4 rounded-lg border p-3 ${c.counts ? 'border-slate-200 bg-white' : 'border-red-200 bg-red-50/40'}`}
          data-testid="credential"
          data-status={c.status}
          data-credential-id={c.id}
          data-skill-ids={c.skillIds}
        >
          {/* The timeline's dot on the line (offsets from inside the card's 1px border). */}
          <span aria-hidden className={`absolute -left-[1.78rem] top-[0.3125rem] h-3 w-3 rounded-full ${c.counts ? 'bg-emerald-500' : 'bg-red-500'}`} />
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-xs text-slate-500">{c.day}</span>
            <h3 className="font-medium text-slate-900">{c.name}</h3>
            <StatusBadge status={c.status} />
            {c.insideClr && <span className="text-xs text-slate-500">(inside a CLR)</span>}
            {c.overridden && <StatusBadge status="overridden" />}
            {c.untrustedIssuer && <UntrustedMark compact />}
          </div>
          <p className="text-sm text-slate-600">{c.issuer}</p>
          <p className={`mt-1 text-sm ${c.counts ? 'text-emerald-800' : 'font-medium text-red-800'}`}>{c.sentence}</p>
          {c.stated && <p className="mt-1 text-xs text-slate-600">{c.stated}</p>}
          {c.why && (
            <p className="mt-1 text-xs text-red-800" data-testid="failed-check">
              {`Why: ${c.why}`}
            </p>
          )}
          <VerificationReport key={c.reportKey} credentialId={c.id} checkCount={c.checkCount} />
          {renderAction && <div className="mt-2">{renderAction(c)}</div>}
        </li>
      ))}
    </ol>
  );
}
