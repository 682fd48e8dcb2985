'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/session';
import { createApiKeyAsAdmin } from '@/lib/data/admin';
import { isAppError } from '@/lib/domain/app-error';
import { ROLES } from '@/lib/domain/permissions';
import { actionForm } from '@/lib/api/action-form';

const createApiKeySchema = z.object({
  name: z.string().trim().min(1, 'Give the key a name, e.g. the system that will use it.').max(100, 'At most 100 characters.'),
  role: z.enum(ROLES, { message: 'Choose a role.' }),
});

export type CreateApiKeyState = { key?: string; prefix?: string; error?: string; fieldErrors?: Record<string, string[]> };

export async function createApiKeyAction(_prev: CreateApiKeyState, form: FormData): Promise<CreateApiKeyState> {
  form = actionForm(form);
  const parsed = createApiKeySchema.safeParse({ name: form.get('name'), role: form.get('role') });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors };
  try {
    const actor = await requireActor('admin.manage');
    const created = await createApiKeyAsAdmin(actor, parsed.data);
    revalidatePath('/admin');
    return { key: created.key, prefix: created.prefix };
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    console.error('[admin] create api key failed', err);
    return { error: 'The key could not be created. Please try again.' };
  }
}
