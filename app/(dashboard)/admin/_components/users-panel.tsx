'use client';
// Users: invite (with a one-time initial password in demo mode), change role and department,
// deactivate and reactivate (after a confirmation). Rows reflow into cards on a phone.
import { startTransition, useActionState, useEffect, useRef, useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { ConfirmButton } from '@/components/ui/confirm-button';
import { CopyButton } from '@/components/ui/copy-button';
import { StatusBadge } from '@/components/ui/status-badge';
import { ROLES } from '@/lib/domain/permissions';
import { inviteUserAction, type InviteUserState } from '../_actions/invite-user';
import { changeUserRoleAction, setUserActiveAction, type UserActionState } from '../_actions/update-user';
import { HydratedFieldset } from '@/components/ui/hydrated';

export type AdminUserRow = { id: string; email: string; name: string; role: (typeof ROLES)[number]; departmentId: string | null; deactivatedAt: string | null };
type Department = { id: string; name: string };

const fieldClass = 'mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm';

/**
 * Submits through onSubmit rather than <form action>: React resets a form after its action runs,
 * which would wipe what the admin typed when the server sends back an error, and put a controlled
 * select back to its first option in the DOM while the state still says otherwise.
 */
function submitWithoutReset(dispatch: (form: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => dispatch(form));
  };
}

function DepartmentSelect({ id, name, departments, defaultValue, required }: { id: string; name: string; departments: Department[]; defaultValue?: string | null; required: boolean }) {
  return (
    <select id={id} name={name} defaultValue={defaultValue ?? ''} className={fieldClass} aria-required={required}>
      <option value="">{required ? 'Choose a department' : 'None'}</option>
      {departments.map((d) => (
        <option key={d.id} value={d.id}>
          {d.name}
        </option>
      ))}
    </select>
  );
}

function InviteUserForm({ departments }: { departments: Department[] }) {
  const [state, formAction, pending] = useActionState<InviteUserState, FormData>(inviteUserAction, {});
  const [role, setRole] = useState<string>('recruiter');
  const fe = state.fieldErrors ?? {};
  const form = useRef<HTMLFormElement>(null);
  // Cleared once the person is invited (kept when the server sends back an error).
  useEffect(() => {
    if (state.email) form.current?.reset();
  }, [state]);
  return (
    <div className="space-y-3">
      <form ref={form} onSubmit={submitWithoutReset(formAction)} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_10rem_12rem_auto] lg:items-end" noValidate>
        <HydratedFieldset>
        <div>
          <label htmlFor="invite-name" className="block text-sm font-medium text-slate-700">
            Name
          </label>
          <input id="invite-name" name="name" required maxLength={150} autoComplete="off" className={fieldClass} aria-invalid={Boolean(fe.name) || undefined} aria-describedby={fe.name ? 'invite-name-error' : undefined} />
          {fe.name && <p id="invite-name-error" className="mt-1 text-xs text-red-700">{fe.name[0]}</p>}
        </div>
        <div>
          <label htmlFor="invite-email" className="block text-sm font-medium text-slate-700">
            Email
          </label>
          <input id="invite-email" name="email" type="email" required maxLength={320} autoComplete="off" className={fieldClass} aria-invalid={Boolean(fe.email) || undefined} aria-describedby={fe.email ? 'invite-email-error' : undefined} />
          {fe.email && <p id="invite-email-error" className="mt-1 text-xs text-red-700">{fe.email[0]}</p>}
        </div>
        <div>
          <label htmlFor="invite-role" className="block text-sm font-medium text-slate-700">
            Role
          </label>
          <select id="invite-role" name="role" value={role} onChange={(e) => setRole(e.target.value)} className={fieldClass}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="invite-department" className="block text-sm font-medium text-slate-700">
            Department
          </label>
          <DepartmentSelect id="invite-department" name="departmentId" departments={departments} required={role === 'manager'} />
          {fe.departmentId && <p className="mt-1 text-xs text-red-700">{fe.departmentId[0]}</p>}
        </div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Inviting…' : 'Invite user'}
        </Button>
        </HydratedFieldset>
      </form>
      {state.error && !Object.keys(fe).length && <Alert tone="error">{state.error}</Alert>}
      {state.email && (
        <Alert tone="success">
          <p>
            {state.email} can now sign in
            {state.initialPassword ? ' with this initial password, shown only once: hand it over safely.' : ' through your identity provider.'}
          </p>
          {state.initialPassword && (
            <p className="mt-2 flex flex-wrap items-center gap-2">
              <code id="invite-password" className="select-all break-all font-mono" data-testid="initial-password">
                {state.initialPassword}
              </code>
              <CopyButton text={state.initialPassword} label="Copy password" targetId="invite-password" />
            </p>
          )}
        </Alert>
      )}
    </div>
  );
}

function RoleForm({ user, departments, disabled }: { user: AdminUserRow; departments: Department[]; disabled: boolean }) {
  const [state, formAction, pending] = useActionState<UserActionState, FormData>(changeUserRoleAction, {});
  const [role, setRole] = useState<string>(user.role);
  return (
    <form onSubmit={submitWithoutReset(formAction)} className="flex flex-wrap items-end gap-2">
      <HydratedFieldset>
      <input type="hidden" name="userId" value={user.id} />
      <div>
        <label htmlFor={`role-${user.id}`} className="sr-only">
          Role of {user.name}
        </label>
        <select id={`role-${user.id}`} name="role" value={role} onChange={(e) => setRole(e.target.value)} disabled={disabled} className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`dept-${user.id}`} className="sr-only">
          Department of {user.name}
        </label>
        <select id={`dept-${user.id}`} name="departmentId" defaultValue={user.departmentId ?? ''} disabled={disabled} className="max-w-40 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
          <option value="">{role === 'manager' ? 'Choose a department' : 'No department'}</option>
          {departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </div>
      {!disabled && (
        <Button type="submit" size="sm" variant="secondary" disabled={pending} aria-label={`Save role of ${user.name}`}>
          {pending ? 'Saving…' : 'Save'}
        </Button>
      )}
      <span role={state.error ? 'alert' : 'status'} className={`w-full text-xs ${state.error ? 'text-red-700' : 'text-emerald-700'}`}>
        {state.error ?? state.message ?? ''}
      </span>
      </HydratedFieldset>
    </form>
  );
}

export function UsersPanel({ users, departments, canManage, currentUserId }: { users: AdminUserRow[]; departments: Department[]; canManage: boolean; currentUserId: string }) {
  const names = new Map(departments.map((d) => [d.id, d.name]));
  return (
    <div className="space-y-4">
      {canManage && <InviteUserForm departments={departments} />}
      <table className="table-reflow w-full text-left text-sm">
        <thead className="text-xs uppercase text-slate-600">
          <tr>
            <th className="py-2 pr-4">Name</th>
            <th className="py-2 pr-4">Email</th>
            <th className="py-2 pr-4">Role and department</th>
            <th className="py-2 pr-4">Status</th>
            {canManage && (
              <th className="py-2">
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {users.map((u) => {
            const self = u.id === currentUserId;
            return (
              <tr key={u.id} data-testid="admin-user" className="align-top">
                <td className="py-2 pr-4 font-medium">
                  {u.name}
                  {self && <span className="ml-1 text-xs font-normal text-slate-600">(you)</span>}
                </td>
                <td data-label="Email" className="break-all py-2 pr-4">
                  {u.email}
                </td>
                <td data-label="Role and department" className="py-2 pr-4">
                  {canManage && !u.deactivatedAt ? (
                    <RoleForm user={u} departments={departments} disabled={self} />
                  ) : (
                    <>
                      {u.role}
                      {u.departmentId && <span className="text-slate-600"> · {names.get(u.departmentId) ?? u.departmentId}</span>}
                    </>
                  )}
                </td>
                <td data-label="Status" className="py-2 pr-4">
                  {u.deactivatedAt ? <StatusBadge status="deactivated" className="bg-red-100 text-red-800" /> : <StatusBadge status="active" className="bg-emerald-100 text-emerald-800" />}
                </td>
                {canManage && (
                  <td className="py-2 sm:text-right">
                    {self ? null : u.deactivatedAt ? (
                      <ConfirmButton
                        action={setUserActiveAction}
                        fields={{ userId: u.id, active: '1' }}
                        title={`Reactivate ${u.name}?`}
                        description={<p>{u.email} will be able to sign in again as {u.role}.</p>}
                        confirmLabel="Reactivate"
                        variant="secondary"
                        ariaLabel={`Reactivate ${u.name}`}
                      >
                        Reactivate
                      </ConfirmButton>
                    ) : (
                      <ConfirmButton
                        action={setUserActiveAction}
                        fields={{ userId: u.id, active: '0' }}
                        title={`Deactivate ${u.name}?`}
                        description={<p>{u.email} will be signed out everywhere and cannot sign in until reactivated. Their shortlists, roles and the audit log are kept.</p>}
                        confirmLabel="Deactivate"
                        className="text-red-700"
                        ariaLabel={`Deactivate ${u.name}`}
                      >
                        Deactivate
                      </ConfirmButton>
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
