'use client';

import Link from 'next/link';
import { useActionState, useRef, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { LEVELS } from '@/lib/domain/levels';
import { MAX_REQUIREMENTS } from '@/lib/domain/search-query';
import { createRoleAction } from '../_actions/create-role';
import type { RoleFormState } from '../_actions/role-form-state';
import { updateRoleAction } from '../_actions/update-role';
import { SkillCombobox, type PickedSkill } from '@/components/search/skill-combobox';
import { useUnsavedChanges } from '@/components/ui/use-unsaved-changes';
import { HydratedFieldset } from '@/components/ui/hydrated';

export type RoleFormValues = {
  id?: string;
  name: string;
  family: string;
  track: string;
  levelName: string;
  ladderRank: number;
  description: string;
  departmentId: string | null;
  openSeats: number;
  plannedHeadcount: number;
  requirements: { skillId: string; skillName: string; minLevel: number; weight: number; essential: boolean }[];
};

type Row = { key: number; skill: PickedSkill | null; minLevel: number; weight: number; essential: boolean };

const inputClass = 'mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm';

function FieldError({ errors }: { errors?: string[] }) {
  return errors?.length ? <p className="mt-1 text-xs text-red-700">{errors[0]}</p> : null;
}

export function RoleForm({
  initial,
  departments,
  families,
  cancelHref,
}: {
  initial: RoleFormValues;
  /** Departments this user may put the role in. */
  departments: { id: string; name: string }[];
  families: string[];
  cancelHref: string;
}) {
  const isEdit = Boolean(initial.id);
  const [state, formAction, pending] = useActionState<RoleFormState, FormData>(isEdit ? updateRoleAction : createRoleAction, {});
  const [nextKey, setNextKey] = useState(initial.requirements.length + 1);
  // Keyboard focus follows the rows: a new row's skill box takes it, and removing a row hands it to
  // "Add requirement" (otherwise it falls back to the top of the page).
  const [addedKey, setAddedKey] = useState<number | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const [rows, setRows] = useState<Row[]>(() =>
    initial.requirements.map((r, i) => ({ key: i + 1, skill: { id: r.skillId, name: r.skillName }, minLevel: r.minLevel, weight: r.weight, essential: r.essential })),
  );
  const fe = state.fieldErrors ?? {};
  const incomplete = rows.some((r) => !r.skill);
  const payload = JSON.stringify(rows.filter((r) => r.skill).map((r) => ({ skillId: r.skill!.id, minLevel: r.minLevel, weight: r.weight, essential: r.essential })));

  // Any edit (a field's change event bubbling to the form, or a requirement row added, changed or
  // removed) makes the form dirty: leaving it then asks first. A successful save redirects away.
  const [dirty, setDirty] = useState(false);
  useUnsavedChanges(dirty && !pending);
  const update = (key: number, patch: Partial<Row>) => {
    setDirty(true);
    setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  };

  return (
    <form action={formAction} className="space-y-6" noValidate onChange={() => setDirty(true)}>
      <HydratedFieldset>
      {initial.id && <input type="hidden" name="roleId" value={initial.id} />}
      <input type="hidden" name="requirements" value={payload} />
      {state.error && <Alert tone="error">{state.error}</Alert>}

      <fieldset className="grid gap-4 md:grid-cols-2">
        <legend className="sr-only">Role</legend>
        <div className="md:col-span-2">
          <label htmlFor="role-name" className="block text-sm font-medium text-slate-700">
            Name
          </label>
          <input id="role-name" name="name" required maxLength={150} defaultValue={initial.name} className={inputClass} aria-invalid={Boolean(fe.name) || undefined} />
          <FieldError errors={fe.name} />
        </div>
        <div>
          <label htmlFor="role-family" className="block text-sm font-medium text-slate-700">
            Family <span className="font-normal text-slate-500">(e.g. Data)</span>
          </label>
          <input id="role-family" name="family" list="role-families" maxLength={100} defaultValue={initial.family} className={inputClass} />
          <datalist id="role-families">
            {families.map((f) => (
              <option key={f} value={f} />
            ))}
          </datalist>
          <FieldError errors={fe.family} />
        </div>
        <div>
          <label htmlFor="role-track" className="block text-sm font-medium text-slate-700">
            Ladder <span className="font-normal text-slate-500">(role levels of one ladder share it, e.g. Data scientist)</span>
          </label>
          <input id="role-track" name="track" maxLength={150} defaultValue={initial.track} className={inputClass} />
          <FieldError errors={fe.track} />
        </div>
        <div>
          <label htmlFor="role-level" className="block text-sm font-medium text-slate-700">
            Level name <span className="font-normal text-slate-500">(e.g. Lead)</span>
          </label>
          <input id="role-level" name="levelName" maxLength={150} defaultValue={initial.levelName} className={inputClass} />
        </div>
        <div>
          <label htmlFor="role-rank" className="block text-sm font-medium text-slate-700">
            Rank on the ladder <span className="font-normal text-slate-500">(1 = most junior)</span>
          </label>
          <input id="role-rank" name="ladderRank" type="number" min={0} max={100} step={1} defaultValue={initial.ladderRank} className={inputClass} />
          <FieldError errors={fe.ladderRank} />
        </div>
        <div>
          <label htmlFor="role-department" className="block text-sm font-medium text-slate-700">
            Department
          </label>
          <select id="role-department" name="departmentId" defaultValue={initial.departmentId ?? (departments.length === 1 ? departments[0]!.id : '')} className={inputClass}>
            {departments.length !== 1 && <option value="">Whole organisation</option>}
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
          <FieldError errors={fe.departmentId} />
        </div>
        <div className="grid grid-cols-2 gap-4">
          <div>
            <label htmlFor="role-seats" className="block text-sm font-medium text-slate-700">
              Open seats
            </label>
            <input id="role-seats" name="openSeats" type="number" min={0} step={1} defaultValue={initial.openSeats} className={inputClass} />
            <FieldError errors={fe.openSeats} />
          </div>
          <div>
            <label htmlFor="role-headcount" className="block text-sm font-medium text-slate-700">
              Planned headcount
            </label>
            <input id="role-headcount" name="plannedHeadcount" type="number" min={0} step={1} defaultValue={initial.plannedHeadcount} className={inputClass} />
            <FieldError errors={fe.plannedHeadcount} />
          </div>
        </div>
        <div className="md:col-span-2">
          <label htmlFor="role-description" className="block text-sm font-medium text-slate-700">
            Description
          </label>
          <textarea id="role-description" name="description" rows={3} maxLength={5000} defaultValue={initial.description} className={inputClass} />
        </div>
      </fieldset>

      <fieldset>
        <legend className="text-base font-semibold text-slate-900">Skill requirements</legend>
        <p className="mt-1 text-sm text-slate-600">
          The minimum verified level for each skill. Weight says how much a skill counts in the match; an essential requirement is flagged in rankings (and can be made a filter there). Up to {MAX_REQUIREMENTS}.
        </p>
        <FieldError errors={fe.requirements} />
        {rows.length === 0 ? (
          <p className="mt-3 rounded-md border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-600">
            No requirements yet. Without them every employee matches 100 % and the ranking cannot tell anyone apart.
          </p>
        ) : (
          <table className="table-reflow mt-3 w-full text-sm">
            <thead>
              <tr className="text-left text-slate-500">
                <th className="w-[45%] pb-1 font-medium">Skill</th>
                <th className="pb-1 font-medium">Minimum level</th>
                <th className="pb-1 font-medium">Weight</th>
                <th className="pb-1 font-medium">Essential</th>
                <th className="pb-1">
                  <span className="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => {
                const prefix = `requirements.${i}`;
                const errors = [...(fe[`${prefix}.skillId`] ?? []), ...(fe[`${prefix}.minLevel`] ?? []), ...(fe[`${prefix}.weight`] ?? [])];
                return (
                  <tr key={row.key} className="align-top">
                    <td className="py-1 pr-2">
                      <SkillCombobox
                        label={`Skill of requirement ${i + 1}`}
                        value={row.skill}
                        placeholder="Type a skill, e.g. data engineering"
                        invalid={!row.skill && pending === false && Boolean(state.error)}
                        exclude={rows.filter((r) => r.key !== row.key && r.skill).map((r) => r.skill!.id)}
                        onPick={(skill) => update(row.key, { skill: skill && { id: skill.id, name: skill.name } })}
                        autoFocus={row.key === addedKey}
                      />
                      <FieldError errors={errors} />
                    </td>
                    <td data-label="Minimum level" className="py-1 pr-2">
                      <select aria-label={`Minimum level of requirement ${i + 1}`} value={row.minLevel} onChange={(e) => update(row.key, { minLevel: Number(e.target.value) })} className="w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm">
                        {LEVELS.map((l) => (
                          <option key={l.value} value={l.value}>
                            {l.value} {l.name}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td data-label="Weight" className="reflow-half py-1 pr-2">
                      <input
                        aria-label={`Weight of requirement ${i + 1}`}
                        type="number"
                        min={0.1}
                        max={10}
                        step={0.1}
                        value={row.weight}
                        onChange={(e) => update(row.key, { weight: Number(e.target.value) })}
                        className="w-20 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
                      />
                    </td>
                    <td data-label="Essential" className="reflow-half py-1 pr-2 sm:text-center">
                      <input aria-label={`Requirement ${i + 1} is essential`} type="checkbox" checked={row.essential} onChange={(e) => update(row.key, { essential: e.target.checked })} className="mt-2 h-4 w-4" />
                    </td>
                    <td className="py-1">
                      <Button
                        variant="ghost"
                        size="sm"
                        onClick={() => {
                          setDirty(true);
                          setRows((rs) => rs.filter((r) => r.key !== row.key));
                          addButton.current?.focus();
                        }}
                        aria-label={`Remove requirement ${i + 1}`}
                      >
                        Remove
                      </Button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <div className="mt-3 flex items-center gap-3">
          <Button
            ref={addButton}
            variant="secondary"
            size="sm"
            disabled={rows.length >= MAX_REQUIREMENTS}
            onClick={() => {
              setDirty(true);
              setRows((rs) => [...rs, { key: nextKey, skill: null, minLevel: 3, weight: 1, essential: false }]);
              setAddedKey(nextKey);
              setNextKey((k) => k + 1);
            }}
          >
            Add requirement
          </Button>
          {rows.length >= MAX_REQUIREMENTS && <span className="text-sm text-slate-600">A role can have at most {MAX_REQUIREMENTS} requirements.</span>}
          {incomplete && <span className="text-sm text-amber-800">Rows without a chosen skill are not saved.</span>}
        </div>
      </fieldset>

      <div className="flex items-center gap-3 border-t border-slate-200 pt-4">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : isEdit ? 'Save role' : 'Create role'}
        </Button>
        <Link href={cancelHref} className="text-sm text-slate-600 underline-offset-2 hover:underline">
          Cancel
        </Link>
      </div>
      </HydratedFieldset>
    </form>
  );
}
