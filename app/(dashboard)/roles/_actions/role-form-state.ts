// Shared by the role form's actions: how a submitted form becomes the input of lib/data/roles.ts.
// Not a server action module itself (no 'use server'): plain helpers the actions import.
import { isAppError } from '@/lib/domain/app-error';

export type RoleFormState = { error?: string; fieldErrors?: Record<string, string[]> };

/** The requirements editor posts its rows as one JSON field; a body this big is refused before parsing. */
const MAX_REQUIREMENTS_JSON = 200_000;

function numberOr(value: FormDataEntryValue | null, fallback: number): number {
  if (value === null || String(value).trim() === '') return fallback;
  const n = Number(value);
  return Number.isFinite(n) ? n : Number.NaN;
}

export function roleInputFromForm(form: FormData): { input?: Record<string, unknown>; state?: RoleFormState } {
  const raw = String(form.get('requirements') ?? '[]');
  if (raw.length > MAX_REQUIREMENTS_JSON) {
    return { state: { error: 'Too many requirements: a role can have at most 50.', fieldErrors: { requirements: ['A role can have at most 50 skill requirements.'] } } };
  }
  let requirements: unknown;
  try {
    requirements = JSON.parse(raw);
  } catch {
    return { state: { error: 'The requirements could not be read. Reload the page and try again.' } };
  }
  const department = String(form.get('departmentId') ?? '');
  return {
    input: {
      name: String(form.get('name') ?? ''),
      family: String(form.get('family') ?? ''),
      track: String(form.get('track') ?? ''),
      levelName: String(form.get('levelName') ?? ''),
      ladderRank: numberOr(form.get('ladderRank'), 0),
      description: String(form.get('description') ?? ''),
      departmentId: department || null,
      openSeats: numberOr(form.get('openSeats'), 0),
      plannedHeadcount: numberOr(form.get('plannedHeadcount'), 0),
      requirements,
    },
  };
}

export function roleErrorState(err: unknown, what: string): RoleFormState {
  if (isAppError(err)) return { error: err.message, fieldErrors: err.fieldErrors };
  console.error(`[roles] ${what} failed`, err);
  return { error: `The role could not be ${what}. Please try again.` };
}
