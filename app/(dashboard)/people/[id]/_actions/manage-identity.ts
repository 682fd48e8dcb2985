'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { addPersonIdentity, removePersonIdentity, type PersonIdentityInput } from '@/lib/data/person-identities';
import { failure, formString, type ActionResult } from '../../../shortlists/_lib/action-result';
import { actionForm } from '@/lib/api/action-form';

/** Record another recipient identity (email, DID, URL, profile id) credentials may name this person by. */
export async function addIdentity(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = actionForm(formData);
  try {
    const actor = await requireActor('people.manageIdentities');
    const personId = formString(formData, 'personId');
    const input = { kind: formString(formData, 'kind'), value: formString(formData, 'value') } as PersonIdentityInput;
    const added = await addPersonIdentity(await getDb(), actor, personId, input);
    revalidatePath(`/people/${personId}`);
    return { ok: true, message: `Added ${added.value}. Credentials naming it can now be imported for this person.` };
  } catch (err) {
    return failure(err);
  }
}

export async function removeIdentity(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  formData = actionForm(formData);
  try {
    const actor = await requireActor('people.manageIdentities');
    const personId = formString(formData, 'personId');
    await removePersonIdentity(await getDb(), actor, personId, formString(formData, 'identityId'));
    revalidatePath(`/people/${personId}`);
    return { ok: true, message: 'Removed.' };
  } catch (err) {
    return failure(err);
  }
}
