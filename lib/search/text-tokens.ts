// Free-text matching shared by every engine: both index the same normalised word tokens and a query
// matches when every one of its tokens is among a person's tokens. Doing the analysis here (not in
// Elasticsearch's analyzers or Postgres' text search parser) is what lets the contract suite demand
// identical results, and it means user text only ever reaches an engine as exact-term values.

/** Longest token kept: longer "words" are noise (hashes, pasted blobs) and would bloat the index. */
export const MAX_TOKEN_LENGTH = 40;
/** A query uses at most this many distinct tokens (the schema caps text at 200 characters anyway). */
export const MAX_QUERY_TOKENS = 20;

/** Lower-case, strip diacritics, split on anything that is not a letter or digit, dedupe. */
export function tokenize(...texts: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    const folded = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
    for (const token of folded.split(/[^\p{L}\p{N}]+/u)) {
      if (token.length > 0 && token.length <= MAX_TOKEN_LENGTH) out.add(token);
    }
  }
  return [...out];
}

/** Tokens of a search box entry: every one must match (AND). */
export function queryTokens(text: string): string[] {
  return tokenize(text).slice(0, MAX_QUERY_TOKENS);
}

/** The tokens free text matches against: name, headline, credential and skill names. */
export function documentTokens(doc: { name: string; headline: string; credentialNames: string[]; skillNames: string[] }): string[] {
  return tokenize(doc.name, doc.headline, ...doc.credentialNames, ...doc.skillNames);
}
