'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/session';
import { revokeApiKeyAsAdmin } from '@/lib/data/admin';
import { isAppError } from '@/lib/domain/app-error';
import { actionForm } from '@/lib/api/action-form';

/** Revokes a key (asked for through a confirmation dialog, which shows a returned error). */
export async function revokeApiKeyAction(form: FormData): Promise<{ error?: string }> {
  form = actionForm(form);
  const id = z.string().min(1).max(100).safeParse(form.get('id'));
  if (!id.success) return { error: 'That API key does not exist.' };
  try {
    const actor = await requireActor('admin.manage');
    await revokeApiKeyAsAdmin(actor, id.data);
    revalidatePath('/admin');
    return {};
  } catch (err) {
    if (isAppError(err)) return { error: err.message };
    console.error('[admin] revoke api key failed', err);
    return { error: 'The key could not be revoked. Please try again.' };
  }
}
