// What both engines do the same way after their own filtering and ranking: turning a person's
// indexed skills into the levels a query counts, and a hit's breakdown. The score itself is
// lib/domain/match-score.ts; engines rank with an equivalent of it and the contract suite checks them.
import { computeMatch, type AchievedSkill, type MatchResult } from '../domain/match-score';
import type { SearchHit, SearchQuery } from '../domain/search-query';
import type { PersonDoc, PersonDocSkill } from './engine';

/** Facet buckets returned per facet: the largest first, then by value (byte order). */
export const FACET_SIZE = 50;

/**
 * The level a query counts for each skill. A row counts when it is verified (or the query includes
 * self-reported levels) and has not expired at `now`. With self-reported levels included, a person's
 * level is the higher of their verified and self-reported level; on equal levels the verified row
 * supplies the credentials shown.
 */
export function countedSkills(skills: PersonDocSkill[], options: { verifiedOnly: boolean; trustedOnly?: boolean; now: Date }): AchievedSkill[] {
  if (options.trustedOnly) return trustedSkills(skills, options.now);
  const best = new Map<string, PersonDocSkill>();
  for (const s of skills) {
    if (!s.verified && options.verifiedOnly) continue;
    if (s.expiresAt !== null && new Date(s.expiresAt).getTime() <= options.now.getTime()) continue;
    const current = best.get(s.skill);
    if (!current || s.level > current.level || (s.level === current.level && s.verified && !current.verified)) best.set(s.skill, s);
  }
  return [...best.values()].map((s) => ({ skill: s.skill, level: s.level, credentialIds: s.credentialIds }));
}

/**
 * "Trusted issuers only": verified rows' trusted level (proven by trusted issuers alone), when it has
 * one that has not expired at `now`. Self-reported rows never count.
 */
export function trustedSkills(skills: PersonDocSkill[], now: Date): AchievedSkill[] {
  const out: AchievedSkill[] = [];
  for (const s of skills) {
    // `?? null`: documents an older index version stored have no trusted fields at all.
    const level = s.trustedLevel ?? null;
    const expires = s.trustedExpiresAt ?? null;
    if (!s.verified || level === null) continue;
    if (expires !== null && new Date(expires).getTime() <= now.getTime()) continue;
    out.push({ skill: s.skill, level, credentialIds: s.trustedCredentialIds ?? [] });
  }
  return out;
}

/**
 * Whether the level a query counts for `skill` is NOT proven by a trusted issuer: trusted issuers
 * alone prove less (or nothing, or only an expired level). Only meaningful for an achieved level > 0.
 */
export function isUntrustedLevel(skills: PersonDocSkill[], skill: string, achieved: number, now: Date): boolean {
  if (achieved <= 0) return false;
  const trusted = trustedSkills(skills, now).find((s) => s.skill === skill);
  return !trusted || trusted.level < achieved;
}

/**
 * The match of a person's indexed skills against a query, as every engine must rank it: the counted
 * levels, plus the verified levels alone for requirements that ask for a minimum of verified
 * credentials (under "trusted issuers only" both are the trusted levels).
 */
export function matchSkills(skills: PersonDocSkill[], query: Pick<SearchQuery, 'requirements' | 'filters'>, now: Date): MatchResult & { counted: AchievedSkill[] } {
  const f = query.filters;
  const counted = countedSkills(skills, { verifiedOnly: f.verifiedOnly, trustedOnly: f.trustedOnly, now });
  const needsVerified = !f.verifiedOnly && !f.trustedOnly && query.requirements.some((r) => r.minCredentials !== undefined);
  const verified = needsVerified ? countedSkills(skills, { verifiedOnly: true, now }) : counted;
  return { ...computeMatch(query.requirements, counted, verified), counted };
}

type HitSource = Pick<
  PersonDoc,
  'personId' | 'name' | 'headline' | 'kind' | 'departmentId' | 'location' | 'verifiedCredentialCount' | 'lastVerifiedAt' | 'skills'
>;

export function buildHit(doc: HitSource, query: SearchQuery, now: Date): SearchHit {
  const f = query.filters;
  const match = matchSkills(doc.skills, query, now);
  return {
    personId: doc.personId,
    name: doc.name,
    headline: doc.headline,
    kind: doc.kind,
    departmentId: doc.departmentId,
    location: doc.location,
    score: match.score,
    surplus: match.surplus,
    evidence: match.evidence,
    breakdown: match.breakdown.map((b) => ({
      skill: b.skill,
      required: b.required,
      achieved: b.achieved,
      met: b.met,
      credentialIds: b.credentialIds,
      untrusted: !f.trustedOnly && isUntrustedLevel(doc.skills, b.skill, b.achieved, now),
      ...(b.minCredentials !== undefined ? { minCredentials: b.minCredentials } : {}),
      ...(b.related ? { related: b.related } : {}),
    })),
    verifiedCredentialCount: doc.verifiedCredentialCount,
    lastVerifiedAt: doc.lastVerifiedAt,
  };
}

/**
 * An insights time window as instants. A date-only `to` ("2025-12-31") means the end of that day (UTC),
 * which is what a person picking a date range means.
 */
export function insightsWindow(from?: string, to?: string): { from: string | null; to: string | null } {
  const norm = (v: string | undefined, end: boolean): string | null => {
    if (!v) return null;
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return end ? `${v}T23:59:59.999Z` : `${v}T00:00:00.000Z`;
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  };
  return { from: norm(from, false), to: norm(to, true) };
}

export function isoOrNull(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
