/**
 * The mark on a level no trusted issuer proves (docs/credentials.md, "Issuer trust"): still verified
 * cryptographically, but its issuer is not on the organisation's trusted list. Text, not colour alone.
 */
export function UntrustedMark({ trustedLevel, compact = false }: { trustedLevel?: number | null; compact?: boolean }) {
  const title =
    trustedLevel && trustedLevel > 0
      ? `Verified, but the issuer of this level is not on your trusted list; trusted issuers prove level ${trustedLevel}.`
      : 'Verified, but its issuer is not on your trusted list.';
  return (
    <span data-testid="untrusted-mark" title={title} className="inline-block rounded-full border border-amber-300 bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-900">
      {compact ? 'untrusted issuer' : 'issuer not on your trusted list'}
      <span className="sr-only">. {title}</span>
    </span>
  );
}
