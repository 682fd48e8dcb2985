'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/session';
import { revokeApiKeyAsAdmin } from '@/lib/data/admin';
import { isAppError } from '@/lib/domain/app-error';

export async function revokeApiKeyAction(form: FormData): Promise<void> {
  const id = z.string().min(1).max(100).safeParse(form.get('id'));
  if (!id.success) return;
  try {
    const actor = await requireActor('admin.manage');
    await revokeApiKeyAsAdmin(actor, id.data);
  } catch (err) {
    if (!isAppError(err)) console.error('[admin] revoke api key failed', err);
  }
  revalidatePath('/admin');
}
