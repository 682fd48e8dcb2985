'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { deleteRole } from '@/lib/data/roles';
import { roleErrorState, type RoleFormState } from './role-form-state';
import { actionForm } from '@/lib/api/action-form';

export async function deleteRoleAction(_prev: RoleFormState, form: FormData): Promise<RoleFormState> {
  form = actionForm(form);
  const roleId = z.string().min(1).max(200).safeParse(form.get('roleId'));
  if (!roleId.success) return { error: 'Which role? Reload the page and try again.' };
  try {
    const actor = await requireActor('roles.manage');
    await deleteRole(await getDb(), actor, roleId.data);
  } catch (err) {
    return roleErrorState(err, 'deleted');
  }
  revalidatePath('/roles');
  redirect('/roles?deleted=1');
}
