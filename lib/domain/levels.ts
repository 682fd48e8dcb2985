// The one ordinal scale every comparison uses, and the crosswalk from each source scale onto it.
// Every mapped level keeps its original value and framework beside the normalised one (see Level).

export const LEVELS = [
  { value: 1, name: 'Awareness' },
  { value: 2, name: 'Working' },
  { value: 3, name: 'Practitioner' },
  { value: 4, name: 'Advanced' },
  { value: 5, name: 'Expert' },
] as const;

export type LevelValue = 1 | 2 | 3 | 4 | 5;
export const MIN_LEVEL: LevelValue = 1;
export const MAX_LEVEL: LevelValue = 5;

export function isLevelValue(value: unknown): value is LevelValue {
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_LEVEL && value <= MAX_LEVEL;
}

export function levelName(value: number): string {
  return LEVELS.find((l) => l.value === value)?.name ?? `Level ${value}`;
}

/** A normalised level with where it came from. */
export type MappedLevel = {
  level: LevelValue;
  sourceLevel: string;
  sourceFramework: string;
};

/**
 * UK DDaT has four skill levels. Its top level is "Expert", so it maps to 5; the product's
 * "Advanced" (4) has no DDaT equivalent and is reached only from richer scales (SFIA, rubrics).
 */
export const DDAT_LEVELS: Record<string, LevelValue> = {
  awareness: 1,
  working: 2,
  practitioner: 3,
  expert: 5,
};

/** SFIA levels of responsibility 1-7 onto 1-5: 1 Follow, 2 Assist, 3 Apply, 4 Enable, 5 Ensure/advise, 6 Initiate, 7 Set strategy. */
export const SFIA_LEVELS: Record<number, LevelValue> = { 1: 1, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 5 };

/** Common words found in course certificates and badge names. */
export const COMMON_LEVEL_WORDS: Record<string, LevelValue> = {
  awareness: 1,
  foundation: 1,
  foundational: 1,
  beginner: 1,
  basic: 1,
  introductory: 1,
  novice: 1,
  fundamentals: 1,
  working: 2,
  elementary: 2,
  developing: 2,
  associate: 2,
  intermediate: 3,
  practitioner: 3,
  proficient: 3,
  competent: 3,
  professional: 3,
  advanced: 4,
  senior: 4,
  specialist: 4,
  expert: 5,
  master: 5,
  mastery: 5,
  distinguished: 5,
};

/** Map a DDaT level word (Awareness, Working, Practitioner, Expert). */
export function mapDdatLevel(word: string): MappedLevel | null {
  const level = DDAT_LEVELS[word.trim().toLowerCase()];
  return level ? { level, sourceLevel: word.trim(), sourceFramework: 'UK DDaT' } : null;
}

/** Map an SFIA level of responsibility (1-7, or "Level 5"). */
export function mapSfiaLevel(raw: string | number): MappedLevel | null {
  const n = typeof raw === 'number' ? raw : Number(String(raw).replace(/^\s*(sfia\s*)?(level\s*)?/i, ''));
  const level = Number.isInteger(n) ? SFIA_LEVELS[n] : undefined;
  return level ? { level, sourceLevel: String(raw), sourceFramework: 'SFIA' } : null;
}

/** Map a common level word, also when it stands inside a longer label ("Advanced level"). */
export function mapLevelWord(label: string): MappedLevel | null {
  const words = label.toLowerCase().match(/[a-z]+/g) ?? [];
  for (const w of words) {
    const level = COMMON_LEVEL_WORDS[w];
    if (level) return { level, sourceLevel: label, sourceFramework: 'common words' };
  }
  return null;
}

/**
 * A rubric level's position on its own ordered scale mapped onto 1-5 by proportion:
 * the lowest rung is 1, the highest is 5, the rest spread evenly between.
 * A one-rung rubric (pass/fail) means "achieved" and maps to the top.
 */
export function mapOrdinalPosition(index: number, count: number): LevelValue {
  if (count <= 1) return MAX_LEVEL;
  const clamped = Math.min(Math.max(index, 0), count - 1);
  return (1 + Math.round((clamped / (count - 1)) * 4)) as LevelValue;
}

export type RubricLevel = { id?: string; name: string; level?: string; points?: string };

/**
 * OB 3.0 `achievedLevel` against a ResultDescription's rubricCriterionLevel list.
 * Labels are not trusted for order (the spec's own example lists them out of order): rungs are
 * ordered by numeric points when every rung has points, otherwise by a numeric or word `level`,
 * otherwise as listed. The achieved rung is found by id, then by name.
 */
export function mapRubricLevel(achieved: string, rungs: RubricLevel[], framework = 'OB 3.0 rubric'): MappedLevel | null {
  if (rungs.length === 0) return null;
  const ordered = orderRubric(rungs);
  const key = achieved.trim().toLowerCase();
  const index = ordered.findIndex((r) => r.id?.toLowerCase() === key || r.name.trim().toLowerCase() === key);
  if (index < 0) return null;
  const rung = ordered[index]!;
  return {
    level: mapOrdinalPosition(index, ordered.length),
    sourceLevel: rung.points ? `${rung.name} (${rung.points} points)` : rung.name,
    sourceFramework: framework,
  };
}

function numeric(value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number.parseFloat(value);
  return Number.isFinite(n) ? n : null;
}

/** True when every rung has a numeric value and no two share one (so the values really order them). */
function distinctNumbers(values: (number | null)[]): boolean {
  return values.every((v) => v !== null) && new Set(values).size === values.length;
}

export function orderRubric<T extends RubricLevel>(rungs: T[]): T[] {
  const withIndex = rungs.map((r, i) => ({ r, i }));
  // Points order the rungs only when they tell them apart: the OB 3.0 spec's own example gives
  // "Mastery" and "Basic" 4 points each, so ties fall through to the next signal.
  if (distinctNumbers(rungs.map((r) => numeric(r.points)))) {
    return withIndex.sort((a, b) => numeric(a.r.points)! - numeric(b.r.points)! || a.i - b.i).map((x) => x.r);
  }
  if (distinctNumbers(rungs.map((r) => numeric(r.level)))) {
    return withIndex.sort((a, b) => numeric(a.r.level)! - numeric(b.r.level)! || a.i - b.i).map((x) => x.r);
  }
  const wordRank = (r: T) => (r.level ? mapLevelWord(r.level)?.level : undefined) ?? mapLevelWord(r.name)?.level ?? null;
  if (rungs.every((r) => wordRank(r) !== null)) {
    return withIndex.sort((a, b) => wordRank(a.r)! - wordRank(b.r)! || a.i - b.i).map((x) => x.r);
  }
  return rungs.slice();
}
