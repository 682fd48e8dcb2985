'use server';

import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { importTrustedIssuers, setIssuerTrust } from '@/lib/data/trusted-issuers';
import { isAppError } from '@/lib/domain/app-error';
import { actionForm } from '@/lib/api/action-form';

export type IssuerTrustState = { message?: string; error?: string; fieldErrors?: Record<string, string[]> };

/** Add one issuer (DID or URL) to the trusted list, or take one off (`trusted` = "0"). */
export async function setIssuerTrustAction(_prev: IssuerTrustState, form: FormData): Promise<IssuerTrustState> {
  form = actionForm(form);
  try {
    const actor = await requireActor('issuers.manage');
    const trusted = form.get('trusted') !== '0';
    const issuerId = String(form.get('issuerId') ?? '');
    const name = String(form.get('name') ?? '');
    const result = await setIssuerTrust(actor, { issuerId, trusted, ...(name.trim() ? { name } : {}) });
    revalidatePath('/admin');
    return { message: `${trusted ? 'Trusted' : 'No longer trusted'}: ${issuerId}. ${result.peopleUpdated} ${result.peopleUpdated === 1 ? 'person’s levels were' : 'people’s levels were'} updated.` };
  } catch (err) {
    if (isAppError(err)) return { error: err.message, fieldErrors: err.fieldErrors };
    console.error('[admin] set issuer trust failed', err);
    return { error: 'The trusted-issuer list could not be changed. Please try again.' };
  }
}

/** Import a DCC-style issuer registry (JSON) or a plain list of DIDs / URLs, pasted or uploaded. */
export async function importTrustedIssuersAction(_prev: IssuerTrustState, form: FormData): Promise<IssuerTrustState> {
  form = actionForm(form);
  try {
    const actor = await requireActor('issuers.manage');
    const file = form.get('file');
    const pasted = String(form.get('text') ?? '');
    const text = file instanceof File && file.size > 0 ? (file.size > 2 * 1024 * 1024 ? 'x'.repeat(2 * 1024 * 1024 + 1) : await file.text()) : pasted;
    const sourceName = String(form.get('sourceName') ?? '').trim() || (file instanceof File && file.size > 0 ? file.name : '');
    const result = await importTrustedIssuers(actor, { text, sourceName });
    revalidatePath('/admin');
    const skipped = result.skipped.length > 0 ? ` ${result.skipped.length} line${result.skipped.length === 1 ? '' : 's'} skipped (e.g. “${result.skipped[0]!.line}”: ${result.skipped[0]!.reason}).` : '';
    return { message: `${result.trusted} issuer${result.trusted === 1 ? '' : 's'} trusted from the ${result.format === 'dcc-registry' ? 'registry' : 'list'}; ${result.peopleUpdated} people’s levels updated.${skipped}` };
  } catch (err) {
    if (isAppError(err)) return { error: err.message, fieldErrors: err.fieldErrors };
    console.error('[admin] import trusted issuers failed', err);
    return { error: 'The list could not be imported. Please try again.' };
  }
}
