// Gaps and pathways: what a person still lacks for a role, and the fewest catalog credentials that
// close it. Pure: callers pass the person's verified levels, the role's requirements and the catalog.
//
// Model. A gap is a requirement whose verified level is below the minimum. A credential closes a gap
// when it proves the skill at or above the required level (levels do not add up: the level after
// earning several credentials is the highest of them). So "close every closable gap with as few
// credentials as possible" is a set cover:
//   - universe: the closable gaps (those some catalog item can close);
//   - items: each catalog badge (cost 1) and each stack (a certificate made of several badges; cost
//     = its parts the person does not hold yet; it proves the union of its parts' and its own skills);
//   - exact search (dynamic programming over subsets of gaps) when there are at most EXACT_MAX_GAPS
//     closable gaps, which covers every UK DDaT role level (at most 14 skills); greedy otherwise
//     (most newly closed gaps per credential), which is within a factor ln(n) of the optimum.
// Tie-break, in both: more gaps closed per credential, then the closest fit (fewest levels above what
// the gaps need, so the Practitioner badge beats the Expert one for a Practitioner gap), then more gaps
// closed, then the larger gain in match score, then the cheaper item (a badge before a stack), then
// name, then id. Steps are then ordered so the projected match
// climbs as fast as possible: each next step is the chosen item with the largest gain at that point.
import { computeMatch, roundScore, type AchievedSkill, type Requirement } from './match-score';

/** Up to 2^16 subsets: a few milliseconds; DDaT role levels have at most 14 requirements. */
export const EXACT_MAX_GAPS = 16;

export type CatalogSkill = { skillId: string; level: number };

export type CatalogAchievement = {
  id: string;
  name: string;
  issuerName?: string | null;
  skills: CatalogSkill[];
  /** Ids of achievements (certificates) this one counts toward. */
  partOf: string[];
};

export type PersonLevel = { skill: string; level: number };

export type Gap = {
  skill: string;
  current: number;
  required: number;
  weight: number;
  essential: boolean;
  /** Some catalog item proves this skill at the required level. */
  closable: boolean;
  /** For a gap no catalog item closes: the best the catalog offers for the skill, if anything. */
  bestAvailable: { achievementId: string; name: string; level: number } | null;
};

export type GapChange = { skill: string; from: number; to: number; required: number };

export type PathwayStep = {
  kind: 'badge' | 'stack';
  achievementId: string;
  name: string;
  issuerName: string | null;
  /** For a stack: the badges to earn (parts the person does not hold yet), in name order. */
  parts: { achievementId: string; name: string }[];
  /** How many credentials this step asks for (1 for a badge, the missing parts for a stack). */
  credentialCount: number;
  /** Gaps this step closes (level reaches the requirement). */
  closes: GapChange[];
  /** Gaps this step raises without closing. */
  raises: GapChange[];
  /** Match after this step and every step before it (0..1) and whether every essential is then met. */
  projectedScore: number;
  projectedEligible: boolean;
};

export type PathwayStatus =
  /** The role has no requirements: nothing to close. */
  | 'no-requirements'
  /** Every requirement is already met. */
  | 'already-meets'
  /** The steps close every gap. */
  | 'closes-all'
  /** Some gaps no catalog item can close (listed in `unclosable`). */
  | 'partial';

export type Pathway = {
  status: PathwayStatus;
  method: 'exact' | 'greedy' | 'none';
  currentScore: number;
  currentEligible: boolean;
  finalScore: number;
  finalEligible: boolean;
  gaps: Gap[];
  unclosable: Gap[];
  steps: PathwayStep[];
  credentialCount: number;
};

export type PathwayInput = {
  requirements: Requirement[];
  levels: PersonLevel[];
  catalog: CatalogAchievement[];
  /** Achievements the person already holds (verified): a stack then costs only its missing parts. */
  heldAchievementIds?: string[];
};

type Item = {
  kind: 'badge' | 'stack';
  id: string;
  name: string;
  issuerName: string | null;
  parts: { achievementId: string; name: string }[];
  cost: number;
  /** Highest level per skill this item proves. */
  levels: Map<string, number>;
  /** Bitmask over the closable gaps it closes. */
  mask: number;
  /** Indexes of the closable gaps it closes (for > 31 gaps, where the mask is not used). */
  closes: number[];
};

/** Gaps of one person against one role's requirements (no catalog): for rankings and ladders. */
export function computeGaps(requirements: Requirement[], levels: PersonLevel[]): Omit<Gap, 'closable' | 'bestAvailable'>[] {
  const have = levelMap(levels);
  return requirements
    .filter((r) => (have.get(r.skill) ?? 0) < r.minLevel)
    .map((r) => ({ skill: r.skill, current: have.get(r.skill) ?? 0, required: r.minLevel, weight: r.weight, essential: r.essential }));
}

export function computePathway(input: PathwayInput): Pathway {
  const { requirements } = input;
  const levels = levelMap(input.levels);
  const current = computeMatch(requirements, toAchieved(levels));
  const base = { currentScore: current.score, currentEligible: current.eligible };
  if (requirements.length === 0) {
    return { status: 'no-requirements', method: 'none', ...base, finalScore: current.score, finalEligible: current.eligible, gaps: [], unclosable: [], steps: [], credentialCount: 0 };
  }

  const held = new Set(input.heldAchievementIds ?? []);
  const rawItems = buildItems(input.catalog, held);
  const rawGaps = computeGaps(requirements, input.levels);
  const gaps: Gap[] = rawGaps.map((g) => {
    const closable = rawItems.some((it) => (it.levels.get(g.skill) ?? 0) >= g.required);
    return { ...g, closable, bestAvailable: closable ? null : bestAvailableFor(g.skill, g.current, input.catalog) };
  });
  if (gaps.length === 0) {
    return { status: 'already-meets', method: 'none', ...base, finalScore: current.score, finalEligible: current.eligible, gaps, unclosable: [], steps: [], credentialCount: 0 };
  }

  const closable = gaps.filter((g) => g.closable);
  const unclosable = gaps.filter((g) => !g.closable);
  const items = rawItems
    .map((it) => {
      const closes = closable.flatMap((g, i) => ((it.levels.get(g.skill) ?? 0) >= g.required ? [i] : []));
      return { ...it, closes, mask: closes.length <= 31 ? closes.reduce((m, i) => m | (1 << i), 0) : 0 };
    })
    .filter((it) => it.closes.length > 0);

  const gainOf = (it: Item, state: Map<string, number>) => scoreWith(requirements, applyItem(state, it)) - scoreWith(requirements, state);
  // Levels above what the gaps need, per credential: an Expert badge for a Practitioner gap is more
  // work than the Practitioner badge that closes it just as well.
  const overshoot = (it: Item) => it.closes.reduce((n, i) => n + (it.levels.get(closable[i]!.skill) ?? 0) - closable[i]!.required, 0) / it.cost;
  // The fixed preference order used by both searches (see the tie-break in the header). Keys are
  // computed once per item, not per comparison.
  const keys = new Map(items.map((it) => [it, { overshoot: overshoot(it), gain: gainOf(it, levels) }]));
  const preference = [...items].sort(
    (a, b) =>
      b.closes.length / b.cost - a.closes.length / a.cost ||
      keys.get(a)!.overshoot - keys.get(b)!.overshoot ||
      b.closes.length - a.closes.length ||
      keys.get(b)!.gain - keys.get(a)!.gain ||
      a.cost - b.cost ||
      a.name.localeCompare(b.name) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

  let chosen: Item[];
  let method: 'exact' | 'greedy';
  if (closable.length === 0) {
    chosen = [];
    method = 'exact';
  } else if (closable.length <= EXACT_MAX_GAPS) {
    chosen = exactCover(preference, closable.length);
    method = 'exact';
  } else {
    chosen = greedyCover(preference, closable.length, requirements, levels);
    method = 'greedy';
  }

  // Order for the reader: the biggest climb first.
  const steps: PathwayStep[] = [];
  let state = levels;
  const remaining = [...chosen];
  while (remaining.length > 0) {
    let bestIndex = 0;
    let bestGain = -Infinity;
    remaining.forEach((it, i) => {
      const gain = gainOf(it, state) / it.cost;
      if (gain > bestGain + 1e-12) {
        bestGain = gain;
        bestIndex = i;
      }
    });
    const it = remaining.splice(bestIndex, 1)[0]!;
    const next = applyItem(state, it);
    const closes: GapChange[] = [];
    const raises: GapChange[] = [];
    for (const r of requirements) {
      const from = state.get(r.skill) ?? 0;
      const to = next.get(r.skill) ?? 0;
      if (to <= from || from >= r.minLevel) continue;
      (to >= r.minLevel ? closes : raises).push({ skill: r.skill, from, to, required: r.minLevel });
    }
    const match = computeMatch(requirements, toAchieved(next));
    steps.push({
      kind: it.kind,
      achievementId: it.id,
      name: it.name,
      issuerName: it.issuerName,
      parts: it.parts,
      credentialCount: it.cost,
      closes,
      raises,
      projectedScore: match.score,
      projectedEligible: match.eligible,
    });
    state = next;
  }
  const final = computeMatch(requirements, toAchieved(state));
  return {
    status: unclosable.length > 0 ? 'partial' : 'closes-all',
    method,
    ...base,
    finalScore: final.score,
    finalEligible: final.eligible,
    gaps,
    unclosable,
    steps,
    credentialCount: steps.reduce((n, s) => n + s.credentialCount, 0),
  };
}

function levelMap(levels: PersonLevel[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const l of levels) map.set(l.skill, Math.max(map.get(l.skill) ?? 0, l.level));
  return map;
}

function toAchieved(levels: Map<string, number>): AchievedSkill[] {
  return [...levels].map(([skill, level]) => ({ skill, level, credentialIds: [] }));
}

function scoreWith(requirements: Requirement[], levels: Map<string, number>): number {
  return roundScore(computeMatch(requirements, toAchieved(levels)).score);
}

function applyItem(state: Map<string, number>, it: Pick<Item, 'levels'>): Map<string, number> {
  const next = new Map(state);
  for (const [skill, level] of it.levels) if (level > (next.get(skill) ?? 0)) next.set(skill, level);
  return next;
}

function mergeLevels(into: Map<string, number>, skills: CatalogSkill[]): void {
  for (const s of skills) into.set(s.skillId, Math.max(into.get(s.skillId) ?? 0, s.level));
}

/**
 * Badges are items of cost 1 (unless already held). A stack is an achievement that at least two
 * catalog badges are part of: earning all parts earns it, so it proves the parts' skills and its own.
 */
function buildItems(catalog: CatalogAchievement[], held: Set<string>): Omit<Item, 'mask' | 'closes'>[] {
  const byId = new Map(catalog.map((a) => [a.id, a]));
  const partsOf = new Map<string, CatalogAchievement[]>();
  for (const a of catalog) {
    for (const parent of new Set(a.partOf)) {
      if (parent === a.id) continue;
      const list = partsOf.get(parent) ?? [];
      list.push(a);
      partsOf.set(parent, list);
    }
  }
  const items: Omit<Item, 'mask' | 'closes'>[] = [];
  for (const a of catalog) {
    if (held.has(a.id) || partsOf.has(a.id)) continue; // a certificate with parts is offered as a stack below
    const levels = new Map<string, number>();
    mergeLevels(levels, a.skills);
    items.push({ kind: 'badge', id: a.id, name: a.name, issuerName: a.issuerName ?? null, parts: [], cost: 1, levels });
  }
  for (const [stackId, parts] of partsOf) {
    if (held.has(stackId)) continue;
    const own = byId.get(stackId);
    if (!own && parts.length < 2) continue; // one badge pointing at an unknown certificate is just that badge
    const levels = new Map<string, number>();
    for (const p of parts) mergeLevels(levels, p.skills);
    if (own) mergeLevels(levels, own.skills);
    const missing = parts.filter((p) => !held.has(p.id)).sort((a, b) => a.name.localeCompare(b.name));
    items.push({
      kind: 'stack',
      id: stackId,
      name: own?.name ?? `Certificate ${stackId}`,
      issuerName: own?.issuerName ?? parts[0]?.issuerName ?? null,
      parts: missing.map((p) => ({ achievementId: p.id, name: p.name })),
      // Holding every part means the certificate is as good as earned; it still counts as one step.
      cost: Math.max(1, missing.length),
      levels,
    });
  }
  return items;
}

function bestAvailableFor(skill: string, current: number, catalog: CatalogAchievement[]): Gap['bestAvailable'] {
  let best: Gap['bestAvailable'] = null;
  for (const a of catalog) {
    for (const s of a.skills) {
      if (s.skillId !== skill || s.level <= current) continue;
      if (!best || s.level > best.level || (s.level === best.level && a.name.localeCompare(best.name) < 0)) {
        best = { achievementId: a.id, name: a.name, level: s.level };
      }
    }
  }
  return best;
}

/**
 * Minimum total cost to cover all `n` gaps: dp over subsets (bitmask of closed gaps). Items with the
 * same mask keep only the first in preference order (cheapest among equals wins through the order).
 * Among optimal covers, the reconstruction follows the preference order, so results are deterministic.
 */
function exactCover(preference: Item[], n: number): Item[] {
  const full = (1 << n) - 1;
  const seen = new Map<number, Item>();
  for (const it of preference) {
    const prev = seen.get(it.mask);
    if (!prev || it.cost < prev.cost) seen.set(it.mask, it);
  }
  const candidates = preference.filter((it) => seen.get(it.mask) === it);
  // cost[mask] = cheapest way to close every gap NOT in mask, starting from mask already closed.
  const cost = new Float64Array(full + 1).fill(Infinity);
  const pick = new Int32Array(full + 1).fill(-1);
  cost[full] = 0;
  for (let mask = full - 1; mask >= 0; mask--) {
    // Only items closing the lowest still-open gap need be tried: some item must close it.
    const lowest = ~mask & (mask + 1);
    for (let i = 0; i < candidates.length; i++) {
      const it = candidates[i]!;
      if ((it.mask & lowest) === 0) continue;
      const c = it.cost + cost[mask | it.mask]!;
      if (c < cost[mask]!) {
        cost[mask] = c;
        pick[mask] = i;
      }
    }
  }
  const chosen: Item[] = [];
  let mask = 0;
  while (mask !== full) {
    const i = pick[mask]!;
    if (i < 0) break; // unreachable: every gap in the universe is closable by construction
    const it = candidates[i]!;
    chosen.push(it);
    mask |= it.mask;
  }
  return chosen;
}

/** Greedy set cover: repeatedly take the item closing the most open gaps per credential. */
function greedyCover(preference: Item[], n: number, requirements: Requirement[], start: Map<string, number>): Item[] {
  const open = new Set(Array.from({ length: n }, (_, i) => i));
  const chosen: Item[] = [];
  let state = start;
  while (open.size > 0) {
    let best: Item | null = null;
    let bestRatio = 0;
    let bestGain = -Infinity;
    const baseScore = scoreWith(requirements, state);
    for (const it of preference) {
      const newly = it.closes.filter((i) => open.has(i)).length;
      if (newly === 0) continue;
      const ratio = newly / it.cost;
      if (best && ratio < bestRatio) continue;
      const gain = scoreWith(requirements, applyItem(state, it)) - baseScore;
      // Strictly better only: on a full tie the earlier item in preference order stays.
      if (!best || ratio > bestRatio || gain > bestGain + 1e-12) {
        best = it;
        bestRatio = ratio;
        bestGain = gain;
      }
    }
    if (!best) break;
    chosen.push(best);
    for (const i of best.closes) open.delete(i);
    state = applyItem(state, best);
  }
  return chosen;
}
