// How the skill picker orders what matches the typed text (issue 13 item 3): skills people actually
// hold come before skills nobody holds, most held first, but an exact name (or id) always leads, so
// typing "R" still offers R first even when few people hold it.

/** How the text matched: 0 exact name or id, 1 name starts with it, 2 an alias equals it, 3 name contains it, 4 an alias contains it. */
export type MatchTier = 0 | 1 | 2 | 3 | 4;

export type RankableSuggestion = { id: string; tier: MatchTier; holders: number | null };

/**
 * Exact matches first; then held (holders > 0) before not held; then the better match; then more
 * holders; then the input order (the taxonomy query's own: shorter names first). `holders: null`
 * (counts unavailable) ranks by match alone.
 */
export function rankSkillSuggestions<T extends RankableSuggestion>(candidates: T[]): T[] {
  return candidates
    .map((c, i) => ({ c, i }))
    .sort((a, b) => {
      const exact = Number(b.c.tier === 0) - Number(a.c.tier === 0);
      if (exact !== 0) return exact;
      const held = Number((b.c.holders ?? 0) > 0) - Number((a.c.holders ?? 0) > 0);
      if (held !== 0) return held;
      if (a.c.tier !== b.c.tier) return a.c.tier - b.c.tier;
      const more = (b.c.holders ?? 0) - (a.c.holders ?? 0);
      return more !== 0 ? more : a.i - b.i;
    })
    .map(({ c }) => c);
}

/** "412 people", "1 person", "nobody holds this yet" (null: no count known, nothing said). */
export function describeHolders(holders: number | null): string | null {
  if (holders === null) return null;
  if (holders === 0) return 'nobody holds this yet';
  return `${holders.toLocaleString('en-GB')} ${holders === 1 ? 'person' : 'people'}`;
}
