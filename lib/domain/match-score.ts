// The match score, identical in every search engine (ARCHITECTURE.md, "Match score").
// Engines may compute it in SQL or Elasticsearch, but the contract suite checks them against this.

export type Requirement = {
  skill: string;
  minLevel: number;
  weight: number;
  essential: boolean;
};

/** What a person has for one skill (verified levels only, unless the query includes self-reported). */
export type AchievedSkill = { skill: string; level: number; credentialIds: string[] };

export type BreakdownEntry = {
  skill: string;
  required: number;
  achieved: number;
  met: boolean;
  /** 0..1: 1 when met, otherwise 0.5 * achieved / required. */
  credit: number;
  weight: number;
  essential: boolean;
  credentialIds: string[];
};

export type MatchResult = {
  /** 0..1; multiply by 100 for a percentage. */
  score: number;
  /**
   * Among equal scores, who exceeds the minimums more: the weighted sum of levels above the minimum
   * over met requirements (rounded like the score). An Expert beats a Working holder for "Python 2+".
   */
  surplus: number;
  /** Then who has more verified credentials behind the met requirements (each counted up to MAX_EVIDENCE_PER_REQUIREMENT). */
  evidence: number;
  /** False when an essential requirement is not met: such a person is not a result. */
  eligible: boolean;
  breakdown: BreakdownEntry[];
};

/**
 * Credentials counted per requirement toward `evidence`: beyond a handful, more certificates for one
 * skill say little, and the cap lets engines pack the count next to the level in one integer.
 */
export const MAX_EVIDENCE_PER_REQUIREMENT = 31;

export function requirementCredit(achieved: number, required: number): number {
  if (achieved >= required) return 1;
  return 0.5 * (achieved / required);
}

/** Round to 6 decimals so that engines computing in floats agree on ties and order. */
export function roundScore(score: number): number {
  return Math.round(score * 1e6) / 1e6;
}

export function computeMatch(requirements: Requirement[], skills: AchievedSkill[]): MatchResult {
  const bySkill = new Map(skills.map((s) => [s.skill, s]));
  let weighted = 0;
  let totalWeight = 0;
  let eligible = true;
  let surplus = 0;
  let evidence = 0;
  const breakdown = requirements.map((r): BreakdownEntry => {
    const have = bySkill.get(r.skill);
    const achieved = have?.level ?? 0;
    const credit = requirementCredit(achieved, r.minLevel);
    const met = achieved >= r.minLevel;
    if (r.essential && !met) eligible = false;
    if (met) {
      surplus += r.weight * (achieved - r.minLevel);
      evidence += Math.min(MAX_EVIDENCE_PER_REQUIREMENT, have?.credentialIds.length ?? 0);
    }
    weighted += r.weight * credit;
    totalWeight += r.weight;
    return {
      skill: r.skill,
      required: r.minLevel,
      achieved,
      met,
      credit,
      weight: r.weight,
      essential: r.essential,
      credentialIds: have?.credentialIds ?? [],
    };
  });
  // No requirements: everyone matches fully, and order falls to the tie-breaks.
  const score = totalWeight > 0 ? roundScore(weighted / totalWeight) : 1;
  return { score, eligible, breakdown, surplus: roundScore(surplus), evidence };
}

export type RankedCandidate = { personId: string; score: number; surplus?: number; evidence?: number; lastVerifiedAt: Date | null; name?: string };

/**
 * Order by score desc; among equal scores, more level above the minimums, then more verified
 * credentials behind the met requirements, then the most recent verified credential (none last),
 * then id: deterministic.
 */
export function compareByMatch(a: RankedCandidate, b: RankedCandidate): number {
  if (b.score !== a.score) return b.score - a.score;
  if ((b.surplus ?? 0) !== (a.surplus ?? 0)) return (b.surplus ?? 0) - (a.surplus ?? 0);
  if ((b.evidence ?? 0) !== (a.evidence ?? 0)) return (b.evidence ?? 0) - (a.evidence ?? 0);
  const at = a.lastVerifiedAt?.getTime() ?? -Infinity;
  const bt = b.lastVerifiedAt?.getTime() ?? -Infinity;
  if (bt !== at) return bt > at ? 1 : -1;
  return a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0;
}
