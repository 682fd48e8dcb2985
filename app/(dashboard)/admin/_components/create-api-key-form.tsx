'use client';

import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { createApiKeyAction, type CreateApiKeyState } from '../_actions/create-api-key';

export function CreateApiKeyForm() {
  const [state, formAction, pending] = useActionState<CreateApiKeyState, FormData>(createApiKeyAction, {});
  return (
    <div className="space-y-3">
      <form action={formAction} className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="key-name" className="block text-sm font-medium text-slate-700">
            Name
          </label>
          <input id="key-name" name="name" required maxLength={100} placeholder="e.g. LMS export job" className="mt-1 w-full max-w-64 rounded-md border border-slate-300 px-3 py-2 text-sm" />
          {state.fieldErrors?.name && <p className="mt-1 text-xs text-red-700">{state.fieldErrors.name[0]}</p>}
        </div>
        <div>
          <label htmlFor="key-role" className="block text-sm font-medium text-slate-700">
            Role
          </label>
          <select id="key-role" name="role" defaultValue="recruiter" className="mt-1 rounded-md border border-slate-300 px-3 py-2 text-sm">
            <option value="recruiter">recruiter</option>
            <option value="manager">manager</option>
            <option value="hr">hr</option>
            <option value="admin">admin</option>
          </select>
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Creating…' : 'Create API key'}
        </Button>
      </form>
      {state.error && <Alert tone="error">{state.error}</Alert>}
      {state.key && (
        <Alert tone="success">
          <p>Copy this key now; it will not be shown again:</p>
          <p className="mt-2 flex flex-wrap items-center gap-2">
            <code id="new-api-key" className="select-all break-all font-mono" data-testid="new-api-key">
              {state.key}
            </code>
            <CopyButton text={state.key} label="Copy key" targetId="new-api-key" />
          </p>
        </Alert>
      )}
    </div>
  );
}
