// The match score, identical in every search engine (ARCHITECTURE.md, "Match score").
// Engines may compute it in SQL or Elasticsearch, but the contract suite checks them against this.

export type Requirement = {
  skill: string;
  minLevel: number;
  weight: number;
  essential: boolean;
  /**
   * At least this many verified credentials behind the level: the requirement then reads the
   * person's verified level alone (self-reported levels carry no credentials) and is met only when
   * that level is at the minimum AND its credentials are at least this many.
   */
  minCredentials?: number;
  /**
   * Related skills that may stand in as partial evidence when the requirement is not met (optional
   * requirements only: never for an essential one, which must be met by the skill itself).
   */
  related?: string[];
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
  /** Echoes the requirement's minimum of verified credentials (the breakdown says how many are short). */
  minCredentials?: number;
  /**
   * The related skill that gave partial credit to an unmet optional requirement (only when it gave
   * more than the skill itself): shown as "related", never as the skill, never as met or verified.
   */
  related?: { skill: string; level: number };
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

/**
 * A related skill (co-held or a framework neighbour) counts as half of what the same level of the
 * skill itself would give an unmet requirement: 0.25 x min(level, minimum) / minimum, so at most a
 * quarter of the requirement's weight, and never "met". Decided in docs/search.md ("Related skills").
 * Written as one product in this order so SQL (0.25::float8 * (least(l, m)::float8 / m)) gives the same float.
 */
export const RELATED_CREDIT_FACTOR = 0.5;
export function relatedCredit(relatedLevel: number, required: number): number {
  return RELATED_CREDIT_FACTOR * 0.5 * (Math.min(relatedLevel, required) / required);
}

/** Most verified credentials a requirement may ask for (the engines count up to MAX_EVIDENCE_PER_REQUIREMENT). */
export const MAX_MIN_CREDENTIALS = 10;

/** Round to 6 decimals so that engines computing in floats agree on ties and order. */
export function roundScore(score: number): number {
  return Math.round(score * 1e6) / 1e6;
}

/**
 * `verifiedSkills`: the person's verified levels alone, read by requirements asking for a minimum of
 * verified credentials (default `skills`, right when `skills` already holds verified levels only).
 */
export function computeMatch(requirements: Requirement[], skills: AchievedSkill[], verifiedSkills: AchievedSkill[] = skills): MatchResult {
  const bySkill = new Map(skills.map((s) => [s.skill, s]));
  const verifiedBySkill = new Map(verifiedSkills.map((s) => [s.skill, s]));
  let weighted = 0;
  let totalWeight = 0;
  let eligible = true;
  let surplus = 0;
  let evidence = 0;
  const breakdown = requirements.map((r): BreakdownEntry => {
    const have = r.minCredentials !== undefined ? verifiedBySkill.get(r.skill) : bySkill.get(r.skill);
    const achieved = have?.level ?? 0;
    const enoughEvidence = r.minCredentials === undefined || (have?.credentialIds.length ?? 0) >= r.minCredentials;
    const met = achieved >= r.minLevel && enoughEvidence;
    // A level at the minimum without the credentials asked for earns what an unmet requirement at
    // the minimum would: half.
    let credit = met ? 1 : 0.5 * (Math.min(achieved, r.minLevel) / r.minLevel);
    let related: BreakdownEntry['related'];
    if (!met && !r.essential && r.related && r.related.length > 0) {
      // The best related skill the person holds (highest level, then the order given).
      let best: { skill: string; level: number } | undefined;
      for (const id of r.related) {
        const level = id === r.skill ? 0 : (bySkill.get(id)?.level ?? 0);
        if (level > 0 && (!best || level > best.level)) best = { skill: id, level };
      }
      if (best && relatedCredit(best.level, r.minLevel) > credit) {
        credit = relatedCredit(best.level, r.minLevel);
        related = best;
      }
    }
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
      ...(r.minCredentials !== undefined ? { minCredentials: r.minCredentials } : {}),
      ...(related ? { related } : {}),
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
