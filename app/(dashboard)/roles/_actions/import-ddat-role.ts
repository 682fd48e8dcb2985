'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { importDdatRole } from '@/lib/data/roles';
import { roleErrorState, type RoleFormState } from './role-form-state';
import { actionForm } from '@/lib/api/action-form';

export async function importDdatRoleAction(_prev: RoleFormState, form: FormData): Promise<RoleFormState> {
  form = actionForm(form);
  let id: string;
  let mode: string;
  let existing = false;
  try {
    const actor = await requireActor('roles.manage');
    ({ id, mode, existing } = await importDdatRole(await getDb(), actor, {
      profileId: String(form.get('profileId') ?? ''),
      mode: String(form.get('mode') ?? ''),
    }));
  } catch (err) {
    return roleErrorState(err, 'imported');
  }
  revalidatePath('/roles');
  revalidatePath(`/roles/${id}`);
  redirect(`/roles/${encodeURIComponent(id)}?imported=${mode === 'copy' && existing ? 'existing' : mode}`);
}
