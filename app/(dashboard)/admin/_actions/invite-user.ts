'use server';

import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { inviteUser } from '@/lib/data/admin';
import { isAppError } from '@/lib/domain/app-error';
import { demoUsersEnabled } from '@/lib/env.js';
import { actionForm } from '@/lib/api/action-form';

export type InviteUserState = { email?: string; initialPassword?: string | null; error?: string; fieldErrors?: Record<string, string[]> };

export async function inviteUserAction(_prev: InviteUserState, form: FormData): Promise<InviteUserState> {
  form = actionForm(form);
  try {
    const actor = await requireActor('admin.manage');
    const created = await inviteUser(
      actor,
      { email: form.get('email'), name: form.get('name'), role: form.get('role'), departmentId: form.get('departmentId') },
      // Password sign-in exists only in demo mode; otherwise the person signs in through OIDC.
      { withPassword: demoUsersEnabled() },
    );
    revalidatePath('/admin');
    return { email: created.email, initialPassword: created.initialPassword };
  } catch (err) {
    if (isAppError(err)) return { error: err.message, fieldErrors: err.fieldErrors };
    console.error('[admin] invite user failed', err);
    return { error: 'The user could not be invited. Please try again.' };
  }
}
