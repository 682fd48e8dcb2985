'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { createRole } from '@/lib/data/roles';
import { roleErrorState, roleInputFromForm, type RoleFormState } from './role-form-state';
import { actionForm } from '@/lib/api/action-form';

export async function createRoleAction(_prev: RoleFormState, form: FormData): Promise<RoleFormState> {
  form = actionForm(form);
  const { input, state } = roleInputFromForm(form);
  if (!input) return state ?? {};
  let id: string;
  try {
    const actor = await requireActor('roles.manage');
    ({ id } = await createRole(await getDb(), actor, input));
  } catch (err) {
    return roleErrorState(err, 'created');
  }
  revalidatePath('/roles');
  redirect(`/roles/${encodeURIComponent(id)}`);
}
