// What every recruiter server action returns to its form (useActionState): a message to show, field
// errors to put next to inputs, and never a thrown error that would break the page.
import { isAppError } from '@/lib/domain/app-error';

export type ActionResult = { ok: boolean; message: string; fieldErrors?: Record<string, string[]>; id?: string };

export const idleResult: ActionResult = { ok: true, message: '' };

export function failure(err: unknown): ActionResult {
  if (isAppError(err)) return { ok: false, message: err.message, fieldErrors: err.fieldErrors };
  console.error('[action] unexpected error', err);
  return { ok: false, message: 'Something went wrong on our side. Please try again.' };
}

export function formString(formData: FormData, name: string): string {
  const v = formData.get(name);
  return typeof v === 'string' ? v : '';
}

export function formStrings(formData: FormData, name: string): string[] {
  return formData.getAll(name).filter((v): v is string => typeof v === 'string');
}
