// The match score as an Elasticsearch query, so that Elasticsearch computes and sorts it exactly.
//
// Elasticsearch scores are 32-bit floats: sums of arbitrary fractions (weight x credit / total
// weight) lose the last digits, and equal match scores reached through different requirements
// would compare unequal. So the score is expressed in integers, which a float holds exactly below
// 2^24, and every addition Elasticsearch makes (bool `should` sums, one `constant_score` per level
// band, `nested` with `score_mode: max`) is exact.
//
// For a query with requirements i = 1..R (weight w_i, minimum m_i):
//  - weight units k_i: the weights as integers (w_i x 10^d for the fewest decimals d <= 3, over their gcd);
//  - credit units: credit = 1 when met, else level / (2 m_i) (capped at the minimum: a level at the
//    minimum without the verified credentials asked for earns 1/2), or from a related skill
//    min(level, m_i) / (4 m_i); so with L = lcm of 2 m_i (4 m_i with related skills) every credit is
//    a whole number of 1/L;
//  - N = sum of k_i x L x credit_i (an integer) and D = L x sum k_i: the match score is exactly N / D.
//    With D < 10^6 different N stay different after roundScore (6 decimals), and equal N are equal;
//    with D not a multiple of 128 no N / D lies on a rounding boundary (where float noise in the
//    domain's own sum could round two equal scores apart).
//  - the tie-breaks, also integers: surplus s = sum over met requirements of k_i x (level - m_i)
//    (the domain's weighted surplus x 10^d / gcd), evidence e = sum over met requirements of the row's
//    credential count capped at 31 (MAX_EVIDENCE_PER_REQUIREMENT).
//  - the key K = N x (S+1)(E+1) + s x (E+1) + e, S and E being the largest possible s and e: a
//    mixed-radix number whose order is exactly (score, surplus, evidence). Each requirement adds its
//    own part: the level band's constant (its N and s parts) plus its row's evidence, written as five
//    bit clauses (`countBits` holds the powers of two of the capped count, so `term countBits: 4`
//    adds 4). `score_mode: max` picks the best counted row of the skill, as the domain does; related
//    skills are a second nested clause and `dis_max` (tie_breaker 0) keeps the better of the two, which
//    is the own clause whenever the requirement is met (a met key exceeds any related one).
// Then Elasticsearch sorts by [_score desc, lastVerifiedAt desc (none last), personId asc], which is
// compareByMatch, and `min_score` is the key of the smallest N whose rounded score reaches the
// minimum: the page, the total and the minimum are exact, in one request.
//
// When K cannot stay below 2^24 (many requirements with fine-grained weights, e.g. a 25-skill role
// profile: D x S x E grows fast) the plan drops to 'score': the key is N alone (scores and the
// minimum still exact), and the engine re-ranks the tie-breaks over a window. Weights with more than
// three decimals, or D >= 500,000, drop to 'float': boosts are the fractions themselves, as before.
import type { estypes } from '@elastic/elasticsearch';
import { MAX_EVIDENCE_PER_REQUIREMENT, roundScore, type Requirement } from '../domain/match-score';

type Q = estypes.QueryDslQueryContainer;

/** Integers up to 2^24 are exact in a 32-bit float (Lucene's score type). */
export const FLOAT_EXACT_LIMIT = 2 ** 24;
/** D below this keeps different N apart after rounding to 6 decimals (1 / D > 1e-6, with margin). */
const MAX_DENOMINATOR = 500_000;
const MAX_WEIGHT_DECIMALS = 3;
/** Evidence bits: MAX_EVIDENCE_PER_REQUIREMENT (31) fits in five. */
export const EVIDENCE_BITS = [1, 2, 4, 8, 16] as const;
/** Float plan only: score added per level above a minimum, so the window is roughly ordered by surplus. */
const SURPLUS_NUDGE = 1e-4;

export type ScorePlan =
  | {
      kind: 'exact' | 'score';
      /** Weight units k_i. */
      units: number[];
      /** Credit denominator L. */
      creditUnits: number;
      /** D = L x sum k_i: the score is N / D. */
      denominator: number;
      /** What one unit of N is worth in the key: (S+1)(E+1) for 'exact', 1 for 'score'. */
      scoreRadix: number;
      /** What one unit of surplus is worth: E+1 for 'exact', 0 (not in the key) for 'score'. */
      surplusRadix: number;
    }
  | { kind: 'float'; totalWeight: number };

/** What the plan reads of a requirement. */
export type PlannedRequirement = Pick<Requirement, 'minLevel' | 'weight'> & Partial<Pick<Requirement, 'essential' | 'minCredentials' | 'related' | 'skill'>>;

/** Related skills count toward optional requirements only, and never the skill itself (as computeMatch reads them). */
export function hasRelated(r: PlannedRequirement): boolean {
  return !r.essential && (r.related ?? []).some((id) => id !== r.skill);
}

/** The denominator of every credit requirement `r` can earn. */
function creditDenominator(r: PlannedRequirement): number {
  if (hasRelated(r)) return 4 * r.minLevel;
  return r.minLevel >= 2 || r.minCredentials !== undefined ? 2 * r.minLevel : 1;
}

export function planScore(requirements: PlannedRequirement[]): ScorePlan {
  const totalWeight = requirements.reduce((s, r) => s + r.weight, 0);
  const units = weightUnits(requirements.map((r) => r.weight));
  if (!units) return { kind: 'float', totalWeight };
  const creditUnits = requirements.reduce((l, r) => lcm(l, creditDenominator(r)), 1);
  const denominator = creditUnits * units.reduce((a, b) => a + b, 0);
  if (denominator >= MAX_DENOMINATOR || denominator % 128 === 0) return { kind: 'float', totalWeight };
  const maxSurplus = requirements.reduce((s, r, i) => s + units[i]! * (5 - r.minLevel), 0);
  const maxEvidence = MAX_EVIDENCE_PER_REQUIREMENT * requirements.length;
  const radix = (maxSurplus + 1) * (maxEvidence + 1);
  // The largest key is D x radix + S x (E+1) + E = (D+1) x radix - 1.
  if ((denominator + 1) * radix <= FLOAT_EXACT_LIMIT) {
    return { kind: 'exact', units, creditUnits, denominator, scoreRadix: radix, surplusRadix: maxEvidence + 1 };
  }
  return { kind: 'score', units, creditUnits, denominator, scoreRadix: 1, surplusRadix: 0 };
}

/** The weights as small integers with the same ratios, or null when they need more than three decimals. */
export function weightUnits(weights: number[]): number[] | null {
  for (let d = 0; d <= MAX_WEIGHT_DECIMALS; d++) {
    const scaled = weights.map((w) => w * 10 ** d);
    if (scaled.every((x) => Math.abs(x - Math.round(x)) < 1e-6)) {
      const ints = scaled.map((x) => Math.round(x));
      const g = ints.reduce((a, b) => gcd(a, b), 0) || 1;
      return ints.map((x) => x / g);
    }
  }
  return null;
}

/**
 * What a credit of numerator / denominator on requirement `i` adds to the key (N units x scoreRadix),
 * or, for the float plan, to the score (weight x credit / total weight).
 */
export function creditScore(plan: ScorePlan, requirements: PlannedRequirement[], i: number, numerator: number, denominator: number): number {
  const r = requirements[i]!;
  if (plan.kind === 'float') return (r.weight * (numerator / denominator)) / plan.totalWeight;
  const n = (plan.units[i]! * plan.creditUnits * numerator) / denominator;
  if (!Number.isInteger(n)) throw new Error(`score plan: credit ${numerator}/${denominator} is not a whole number of units`);
  return n * plan.scoreRadix;
}

/** A met requirement at `level`: full credit plus its surplus (the float plan: a small nudge per level above). */
export function metScore(plan: ScorePlan, requirements: PlannedRequirement[], i: number, level: number): number {
  const r = requirements[i]!;
  if (plan.kind === 'float') return (r.weight * (1 + SURPLUS_NUDGE * (level - r.minLevel))) / plan.totalWeight;
  return creditScore(plan, requirements, i, 1, 1) + plan.units[i]! * (level - r.minLevel) * plan.surplusRadix;
}

/**
 * The score one counted row at `level` contributes for requirement `i` without a credentials minimum,
 * evidence bits excluded: met at or above the minimum, else level / (2 x minimum).
 */
export function bandScore(plan: ScorePlan, requirements: PlannedRequirement[], i: number, level: number): number {
  const r = requirements[i]!;
  return level >= r.minLevel ? metScore(plan, requirements, i, level) : creditScore(plan, requirements, i, level, 2 * r.minLevel);
}

/**
 * The key `min_score` takes for a minimum match score: the smallest N whose rounded score N / D
 * reaches it (the domain compares its rounded score), times the radix. Float plan: the minimum itself.
 */
export function minScoreKey(plan: ScorePlan, minScore: number): number {
  if (plan.kind === 'float') return minScore;
  const d = plan.denominator;
  let n = Math.max(0, Math.floor((minScore - 1e-6) * d));
  while (n <= d && roundScore(n / d) < minScore) n++;
  return n * plan.scoreRadix;
}

export type RequirementClauseFields = {
  /** `skills.level` or, under "trusted issuers only", `skills.trustedLevel`. */
  level: string;
  /** The bits field of the counted credentials (`skills.countBits` / `skills.trustedCountBits`). */
  countBits: string;
  /** The credential count field, for a requirement with a credentials minimum (else null). */
  credentialCount: string | null;
};

/**
 * One requirement as a scoring clause. `ownRows`: the conditions for a row of the skill to count for
 * it (the skill, counted, and for a credentials minimum the verified row). The best such row scores its
 * level band (met: full credit and surplus; at the minimum with too few credentials: half; below:
 * level / (2 x minimum)) plus, when met and the plan is exact, its evidence in bits. `relatedRows`:
 * the counted rows of the related skills, if any; the better of the two clauses counts (`dis_max`).
 * Filter context inside: only the constant scores add up.
 */
export function requirementClause(plan: ScorePlan, requirements: PlannedRequirement[], i: number, ownRows: Q[], fields: RequirementClauseFields, relatedRows: Q[] | null): Q {
  const r = requirements[i]!;
  const enough: Q[] = fields.credentialCount && r.minCredentials !== undefined ? [{ range: { [fields.credentialCount]: { gte: r.minCredentials } } }] : [];
  const should: Q[] = [];
  for (let level = 1; level <= 5; level++) {
    if (level >= r.minLevel) {
      const filter: Q = enough.length > 0 ? { bool: { filter: [{ term: { [fields.level]: level } }, ...enough] } } : { term: { [fields.level]: level } };
      should.push({ constant_score: { filter, boost: metScore(plan, requirements, i, level) } });
    } else {
      should.push({ constant_score: { filter: { term: { [fields.level]: level } }, boost: creditScore(plan, requirements, i, level, 2 * r.minLevel) } });
    }
  }
  if (fields.credentialCount && r.minCredentials !== undefined) {
    // At or above the minimum level without enough credentials: what the minimum unmet earns, half.
    should.push({
      constant_score: {
        filter: { bool: { filter: [{ range: { [fields.level]: { gte: r.minLevel } } }, { range: { [fields.credentialCount]: { lt: r.minCredentials } } }] } },
        boost: creditScore(plan, requirements, i, 1, 2),
      },
    });
  }
  if (plan.kind === 'exact') {
    for (const bit of EVIDENCE_BITS) {
      should.push({
        constant_score: { filter: { bool: { filter: [{ range: { [fields.level]: { gte: r.minLevel } } }, ...enough, { term: { [fields.countBits]: bit } }] } }, boost: bit },
      });
    }
  }
  const own: Q = { nested: { path: 'skills', score_mode: 'max', query: { bool: { filter: ownRows, should, minimum_should_match: 1 } } } };
  if (!relatedRows || !hasRelated(r)) return own;
  // relatedCredit: half of what the same level of the skill itself would earn, capped at the minimum.
  const relatedLevels: Q[] = [1, 2, 3, 4, 5].map((level) => ({
    constant_score: { filter: { term: { [fields.level]: level } }, boost: creditScore(plan, requirements, i, Math.min(level, r.minLevel), 4 * r.minLevel) },
  }));
  const related: Q = { nested: { path: 'skills', score_mode: 'max', query: { bool: { filter: relatedRows, should: relatedLevels, minimum_should_match: 1 } } } };
  return { dis_max: { queries: [own, related], tie_breaker: 0 } };
}

/** The powers of two in min(count, 31): what `countBits` indexes for a row. */
export function countBits(count: number): number[] {
  const capped = Math.min(MAX_EVIDENCE_PER_REQUIREMENT, Math.max(0, Math.floor(count)));
  return EVIDENCE_BITS.filter((b) => (capped & b) !== 0);
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return Math.abs(a);
}

function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}
