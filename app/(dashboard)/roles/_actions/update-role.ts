'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { updateRole } from '@/lib/data/roles';
import { roleErrorState, roleInputFromForm, type RoleFormState } from './role-form-state';
import { actionForm } from '@/lib/api/action-form';

export async function updateRoleAction(_prev: RoleFormState, form: FormData): Promise<RoleFormState> {
  form = actionForm(form);
  const roleId = z.string().min(1).max(200).safeParse(form.get('roleId'));
  if (!roleId.success) return { error: 'Which role? Reload the page and try again.' };
  const { input, state } = roleInputFromForm(form);
  if (!input) return state ?? {};
  try {
    const actor = await requireActor('roles.manage');
    await updateRole(await getDb(), actor, roleId.data, input);
  } catch (err) {
    return roleErrorState(err, 'saved');
  }
  revalidatePath('/roles');
  revalidatePath(`/roles/${roleId.data}`);
  redirect(`/roles/${encodeURIComponent(roleId.data)}`);
}
