// A shortlist as a team's hiring pipeline: stages in order, free tags, and who may do what on a
// shared list. Pure: lib/data enforces it, the pages render it, tests pin it.
import { z } from 'zod';

export const SHORTLIST_STAGES = ['sourced', 'contacted', 'interviewing', 'offered', 'hired', 'rejected'] as const;
export type ShortlistStage = (typeof SHORTLIST_STAGES)[number];
export const STAGE_LABELS: Record<ShortlistStage, string> = {
  sourced: 'Sourced',
  contacted: 'Contacted',
  interviewing: 'Interviewing',
  offered: 'Offered',
  hired: 'Hired',
  rejected: 'Rejected',
};
export const shortlistStageSchema = z.enum(SHORTLIST_STAGES, { message: `Choose a stage: ${SHORTLIST_STAGES.join(', ')}.` });

export const MAX_TAGS_PER_MEMBER = 10;
export const MAX_TAG_LENGTH = 40;

/**
 * Tags as typed ("Python, remote ,  python") -> distinct, trimmed, lower-case tags, so filtering by a
 * tag finds everyone a colleague tagged the same way whatever the capitals.
 */
export function normaliseTags(input: string | string[]): string[] {
  const parts = (Array.isArray(input) ? input : [input]).flatMap((p) => p.split(','));
  const out: string[] = [];
  for (const raw of parts) {
    const tag = raw.trim().replace(/\s+/g, ' ').toLowerCase();
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}

export const shortlistTagsSchema = z
  .union([z.string().max(2000), z.array(z.string().max(200)).max(50)])
  .transform(normaliseTags)
  .pipe(
    z
      .array(z.string().max(MAX_TAG_LENGTH, `Tags are limited to ${MAX_TAG_LENGTH} characters each.`))
      .max(MAX_TAGS_PER_MEMBER, `At most ${MAX_TAGS_PER_MEMBER} tags per person.`),
  );

/** What the signed-in user is on a shortlist: its owner, a colleague it is shared with, or nobody. */
export type ShortlistAccess = 'owner' | 'edit' | 'view';
export type ShortlistOperation = 'read' | 'export' | 'editMembers' | 'manage';

/**
 * Owners do everything; colleagues with edit access change members, notes, stages and tags; with view
 * access they read and export. Renaming, deleting, sharing and choosing what members are scored
 * against stay with the owner (`manage`), so a colleague cannot take a list away from its owner.
 */
export function shortlistAllows(access: ShortlistAccess, operation: ShortlistOperation): boolean {
  if (access === 'owner') return true;
  if (operation === 'manage') return false;
  if (operation === 'editMembers') return access === 'edit';
  return true;
}

/** Members per stage, every stage present (zero included) and in pipeline order. */
export function countByStage(members: { stage: ShortlistStage }[]): { stage: ShortlistStage; count: number }[] {
  return SHORTLIST_STAGES.map((stage) => ({ stage, count: members.filter((m) => m.stage === stage).length }));
}

/**
 * The role label a person's CSV row and card carry: an employee's current role, or for a candidate
 * the role they are looking for (their `currentRole` holds the target role, see lib/db/schema.ts).
 */
export function roleLabel(person: { kind: 'employee' | 'candidate'; currentRole: string }): { label: 'Current role' | 'Target role'; value: string } {
  return person.kind === 'candidate' ? { label: 'Target role', value: person.currentRole } : { label: 'Current role', value: person.currentRole };
}
