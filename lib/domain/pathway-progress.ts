// Progress of an assigned pathway: each step's state from the person's credentials. Pure; the data
// layer (lib/data/pathway-assignments.ts) feeds it after every person_skills recompute.
//
// A step is a catalog badge, or a stack (certificate) made of several badges, chosen because it
// closes some gaps: its targets are those skills at the levels the role required, with the level the
// person held when the pathway was assigned (the baseline).
//
//   earned       a counting credential (verified, recipient matched, not past validUntil) for the step's
//                achievement (for a stack: for every part, or the certificate itself), or verified levels
//                that meet every target (another issuer's badge that proves the same is just as good);
//   started      not earned, and something arrived toward it: a counting credential for one part of a
//                stack, a verified level above the baseline in a target skill (a partial level), or a
//                credential for the achievement (or a part) that does not count yet (self-reported,
//                not yet valid, or awaiting a re-verify);
//   not_started  otherwise.
// Revoked, invalid, expired and suspended credentials are no evidence at all: a step earned by a
// credential that is later revoked falls back, so the state always says what is true today.

export const STEP_STATES = ['not_started', 'started', 'earned'] as const;
export type StepState = (typeof STEP_STATES)[number];

export type StepTarget = { skill: string; level: number; baseline: number };

export type AssignedStep = {
  kind: 'badge' | 'stack';
  achievementId: string;
  /** A stack's badges (achievement ids); empty for a badge. */
  partIds: string[];
  targets: StepTarget[];
};

export type PersonEvidence = {
  /** Verified, unexpired levels, with the credentials proving each. */
  levels: Map<string, { level: number; credentialIds: string[] }>;
  /** Achievement id -> ids of counting credentials for it. */
  counting: Map<string, string[]>;
  /** Achievement id -> ids of credentials for it that do not count yet (self-reported, not yet valid). */
  pending: Map<string, string[]>;
};

export type StepProgress = { state: StepState; credentialIds: string[] };

export function stepProgress(step: AssignedStep, evidence: PersonEvidence): StepProgress {
  const countingFor = (id: string) => evidence.counting.get(id) ?? [];
  const own = countingFor(step.achievementId);
  if (own.length > 0) return { state: 'earned', credentialIds: unique(own) };
  if (step.kind === 'stack' && step.partIds.length > 0 && step.partIds.every((p) => countingFor(p).length > 0)) {
    return { state: 'earned', credentialIds: unique(step.partIds.flatMap(countingFor)) };
  }
  const levelOf = (skill: string) => evidence.levels.get(skill);
  if (step.targets.length > 0 && step.targets.every((t) => (levelOf(t.skill)?.level ?? 0) >= t.level)) {
    return { state: 'earned', credentialIds: unique(step.targets.flatMap((t) => levelOf(t.skill)?.credentialIds ?? [])) };
  }

  const partial = [
    ...step.partIds.flatMap(countingFor),
    ...step.targets.flatMap((t) => {
      const held = levelOf(t.skill);
      return held && held.level > t.baseline ? held.credentialIds : [];
    }),
    ...[step.achievementId, ...step.partIds].flatMap((id) => evidence.pending.get(id) ?? []),
  ];
  if (partial.length > 0) return { state: 'started', credentialIds: unique(partial) };
  return { state: 'not_started', credentialIds: [] };
}

export type AssignmentProgress = { total: number; earned: number; started: number; notStarted: number; isComplete: boolean; percent: number };

/** Share of steps earned (a started step counts for nothing in the percentage, only in the bar's second segment). */
export function summariseProgress(states: StepState[]): AssignmentProgress {
  const earned = states.filter((s) => s === 'earned').length;
  const started = states.filter((s) => s === 'started').length;
  const total = states.length;
  return { total, earned, started, notStarted: total - earned - started, isComplete: total > 0 && earned === total, percent: total === 0 ? 0 : Math.round((earned / total) * 100) };
}

export const STEP_STATE_LABELS: Record<StepState, string> = { not_started: 'Not started', started: 'Started', earned: 'Earned' };

/** A target date (YYYY-MM-DD) that has passed while steps remain: the day itself still counts as on time. */
export function isOverdue(targetDate: string | null, isComplete: boolean, today: string): boolean {
  return !isComplete && targetDate !== null && targetDate < today;
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)].sort();
}
