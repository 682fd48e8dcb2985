'use client';

import { useActionState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { deleteRoleAction } from '../_actions/delete-role';
import type { RoleFormState } from '../_actions/role-form-state';

export function DeleteRoleForm({ roleId, roleName }: { roleId: string; roleName: string }) {
  const [state, formAction, pending] = useActionState<RoleFormState, FormData>(deleteRoleAction, {});
  return (
    <form
      action={formAction}
      onSubmit={(e) => {
        if (!window.confirm(`Delete the role "${roleName}"? Its requirements go with it; people who hold it keep their job title.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="roleId" value={roleId} />
      <Button type="submit" variant="danger" size="sm" disabled={pending}>
        {pending ? 'Deleting…' : 'Delete role'}
      </Button>
      {state.error && <Alert tone="error" className="mt-2">{state.error}</Alert>}
    </form>
  );
}
