'use server';

import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { changeUserRole, setUserActive } from '@/lib/data/admin';
import { isAppError } from '@/lib/domain/app-error';
import { actionForm } from '@/lib/api/action-form';

export type UserActionState = { ok?: boolean; message?: string; error?: string };

export async function changeUserRoleAction(_prev: UserActionState, form: FormData): Promise<UserActionState> {
  form = actionForm(form);
  try {
    const actor = await requireActor('admin.manage');
    await changeUserRole(actor, { userId: form.get('userId'), role: form.get('role'), departmentId: form.get('departmentId') });
    revalidatePath('/admin');
    return { ok: true, message: 'Saved.' };
  } catch (err) {
    if (isAppError(err)) return { error: Object.values(err.fieldErrors)[0]?.[0] ?? err.message };
    console.error('[admin] change role failed', err);
    return { error: 'The change could not be saved. Please try again.' };
  }
}

/** Deactivate (active=0) or reactivate (active=1) an account; asked for through a confirmation dialog. */
export async function setUserActiveAction(form: FormData): Promise<{ error?: string }> {
  form = actionForm(form);
  try {
    const actor = await requireActor('admin.manage');
    await setUserActive(actor, form.get('userId'), form.get('active') === '1');
    revalidatePath('/admin');
    return {};
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    console.error('[admin] set user active failed', err);
    return { error: 'The change could not be saved. Please try again.' };
  }
}
