import type { EvidenceJson } from '@/lib/db/schema';

/** Only http(s) links are rendered as links: evidence ids come from credentials anyone can issue. */
export function safeHref(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : null;
  } catch {
    return null;
  }
}

export function EvidenceLinks({ evidence }: { evidence: EvidenceJson[] }) {
  if (evidence.length === 0) return null;
  return (
    <ul className="list-inside list-disc text-xs text-slate-600">
      {evidence.map((e, i) => {
        const href = safeHref(e.id);
        const label = e.name || e.description || e.narrative || e.id || 'Evidence';
        return (
          <li key={`${e.id ?? ''}-${i}`}>
            {href ? (
              <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-brand-700 underline">
                {label}
              </a>
            ) : (
              <span>{label}</span>
            )}
            {e.narrative && e.narrative !== label && <span className="text-slate-500"> — {e.narrative.slice(0, 300)}</span>}
          </li>
        );
      })}
    </ul>
  );
}
