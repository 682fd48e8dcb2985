'use client';

import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { importDdatRoleAction } from '../_actions/import-ddat-role';
import type { RoleFormState } from '../_actions/role-form-state';

/** "Add as a copy" and, where the seeded profile is theirs to manage, "Re-sync" for one DDaT role level. */
export function ImportDdatForm({ profileId, name, exists, canResync }: { profileId: string; name: string; exists: boolean; canResync: boolean }) {
  const [state, formAction, pending] = useActionState<RoleFormState, FormData>(importDdatRoleAction, {});
  return (
    <form action={formAction} className="flex flex-wrap items-center justify-end gap-2">
      <input type="hidden" name="profileId" value={profileId} />
      <Button type="submit" name="mode" value="copy" size="sm" variant="secondary" disabled={pending} aria-label={`Add as copy: ${name}`}>
        Add as copy
      </Button>
      {canResync && (
        <Button type="submit" name="mode" value="resync" size="sm" variant="ghost" disabled={pending} aria-label={`${exists ? 'Re-sync' : 'Restore'}: ${name} from the framework`}>
          {exists ? 'Re-sync' : 'Restore'}
        </Button>
      )}
      {state.error && <Alert tone="error" className="w-full">{state.error}</Alert>}
    </form>
  );
}
