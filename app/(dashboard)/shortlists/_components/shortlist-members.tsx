'use client';
// The people on a shortlist as cards (they reflow to one column on a phone): match against the
// list's requirements, pipeline stage, tags and a note, saved together per person. Edits not yet
// saved are marked on the card and guarded by a prompt before leaving the page.
import Link from 'next/link';
import { useActionState, useEffect, useMemo, useState } from 'react';
import { Button, buttonClasses } from '@/components/ui/button';
import { useUnsavedChanges } from '@/components/ui/use-unsaved-changes';
import { MAX_COMPARE } from '@/lib/domain/compare';
import { levelName } from '@/lib/domain/levels';
import { SHORTLIST_STAGES, STAGE_LABELS, type ShortlistStage } from '@/lib/domain/shortlist-pipeline';
import { removeFromShortlist } from '../_actions/remove-from-shortlist';
import { updateShortlistMember } from '../_actions/update-shortlist-member';
import { idleResult, type ActionResult } from '../_lib/action-result';
import { HydratedFieldset } from '@/components/ui/hydrated';

export type MemberRow = {
  personId: string;
  name: string;
  headline: string;
  kind: 'employee' | 'candidate';
  roleLabel: string;
  roleValue: string;
  location: string;
  department: string | null;
  note: string;
  stage: ShortlistStage;
  tags: string[];
  addedAt: string;
  scorePct: number | null;
  eligible: boolean;
  evidenceCount: number;
  breakdown: { skill: string; name: string; required: number; achieved: number; met: boolean }[];
};

type Values = { note: string; stage: ShortlistStage; tags: string };
const valuesOf = (m: MemberRow): Values => ({ note: m.note, stage: m.stage, tags: m.tags.join(', ') });
const same = (a: Values, b: Values) => a.note.trim() === b.note.trim() && a.stage === b.stage && a.tags.trim() === b.tags.trim();

function MemberForm({ shortlistId, member, onDirty }: { shortlistId: string; member: MemberRow; onDirty: (personId: string, dirty: boolean) => void }) {
  const [saved, setSaved] = useState<Values>(valuesOf(member));
  const [values, setValues] = useState<Values>(saved);
  // A successful save makes what was submitted the new baseline; edits typed while saving stay unsaved.
  const [state, action, pending] = useActionState(async (prev: ActionResult, formData: FormData) => {
    const result = await updateShortlistMember(prev, formData);
    if (result.ok) setSaved({ note: String(formData.get('note') ?? ''), stage: String(formData.get('stage') ?? 'sourced') as ShortlistStage, tags: String(formData.get('tags') ?? '') });
    return result;
  }, idleResult);
  const dirty = !same(values, saved);
  useEffect(() => onDirty(member.personId, dirty), [dirty, member.personId, onDirty]);
  useEffect(() => () => onDirty(member.personId, false), [member.personId, onDirty]);

  const field = `m-${member.personId}`;
  return (
    <form action={action} className="grid gap-2 sm:grid-cols-[10rem_1fr]">
      <HydratedFieldset>
      <input type="hidden" name="shortlistId" value={shortlistId} />
      <input type="hidden" name="personId" value={member.personId} />
      <div className="flex flex-col gap-2">
        <label className="flex flex-col text-xs text-slate-600" htmlFor={`${field}-stage`}>
          Stage
          <select
            id={`${field}-stage`}
            name="stage"
            value={values.stage}
            onChange={(e) => setValues({ ...values, stage: e.target.value as ShortlistStage })}
            className="mt-0.5 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900"
          >
            {SHORTLIST_STAGES.map((s) => (
              <option key={s} value={s}>
                {STAGE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-xs text-slate-600" htmlFor={`${field}-tags`}>
          Tags (comma-separated)
          <input
            id={`${field}-tags`}
            name="tags"
            value={values.tags}
            maxLength={500}
            onChange={(e) => setValues({ ...values, tags: e.target.value })}
            placeholder="e.g. remote, senior"
            className="mt-0.5 rounded-md border border-slate-300 px-2 py-1.5 text-sm text-slate-900"
          />
        </label>
      </div>
      <div className="flex flex-col gap-1">
        <label className="text-xs text-slate-600" htmlFor={`${field}-note`}>
          Note on {member.name}
        </label>
        <textarea
          id={`${field}-note`}
          name="note"
          value={values.note}
          onChange={(e) => setValues({ ...values, note: e.target.value })}
          maxLength={2000}
          rows={3}
          className="w-full rounded-md border border-slate-300 px-2 py-1 text-sm"
          placeholder="Add a note for the team"
        />
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" size="sm" variant={dirty ? 'primary' : 'secondary'} disabled={pending}>
            {pending ? 'Saving…' : 'Save changes'}
          </Button>
          {dirty && !pending && (
            <span className="text-xs font-medium text-amber-800" data-testid="unsaved">
              Unsaved changes
            </span>
          )}
          {state.message && !dirty && (
            <span role={state.ok ? 'status' : 'alert'} className={`text-xs ${state.ok ? 'text-emerald-700' : 'text-red-700'}`}>
              {state.message}
            </span>
          )}
          {!state.ok && dirty && (
            <span role="alert" className="text-xs text-red-700">
              {state.message}
            </span>
          )}
        </div>
      </div>
      </HydratedFieldset>
    </form>
  );
}

function RemoveForm({ shortlistId, personId, name }: { shortlistId: string; personId: string; name: string }) {
  const [state, action, pending] = useActionState(removeFromShortlist, idleResult);
  return (
    <form action={action}>
      <input type="hidden" name="shortlistId" value={shortlistId} />
      <input type="hidden" name="personId" value={personId} />
      <Button type="submit" size="sm" variant="ghost" disabled={pending} aria-label={`Remove ${name} from the shortlist`}>
        Remove
      </Button>
      {!state.ok && (
        <span role="alert" className="text-xs text-red-700">
          {state.message}
        </span>
      )}
    </form>
  );
}

function ReadOnlyPipeline({ member }: { member: MemberRow }) {
  return (
    <dl className="grid gap-1 text-sm sm:grid-cols-[6rem_1fr]">
      <dt className="text-xs text-slate-500">Stage</dt>
      <dd>{STAGE_LABELS[member.stage]}</dd>
      <dt className="text-xs text-slate-500">Tags</dt>
      <dd>{member.tags.length ? member.tags.join(', ') : '—'}</dd>
      <dt className="text-xs text-slate-500">Note</dt>
      <dd className="whitespace-pre-wrap">{member.note || '—'}</dd>
    </dl>
  );
}

export function ShortlistMembers({ shortlistId, members, canEdit, scored }: { shortlistId: string; members: MemberRow[]; canEdit: boolean; scored: boolean }) {
  const [selected, setSelected] = useState<string[]>(members.length >= 2 && members.length <= MAX_COMPARE ? members.map((m) => m.personId) : []);
  const [stageFilter, setStageFilter] = useState<ShortlistStage | ''>('');
  const [tagFilter, setTagFilter] = useState('');
  const [dirtyIds, setDirtyIds] = useState<string[]>([]);
  const onDirty = useMemo(() => (personId: string, dirty: boolean) => setDirtyIds((ids) => (dirty ? (ids.includes(personId) ? ids : [...ids, personId]) : ids.filter((i) => i !== personId))), []);
  useUnsavedChanges(dirtyIds.length > 0, `You have unsaved changes for ${dirtyIds.length === 1 ? 'one person' : `${dirtyIds.length} people`} on this shortlist. Leave and lose them?`);

  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  const canCompare = selected.length >= 2 && selected.length <= MAX_COMPARE;
  const allTags = [...new Set(members.flatMap((m) => m.tags))].sort();
  const shown = members.filter((m) => (!stageFilter || m.stage === stageFilter) && (!tagFilter || m.tags.includes(tagFilter)));

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col text-xs text-slate-600">
          Show stage
          <select value={stageFilter} onChange={(e) => setStageFilter(e.target.value as ShortlistStage | '')} className="mt-0.5 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900">
            <option value="">All stages</option>
            {SHORTLIST_STAGES.map((s) => (
              <option key={s} value={s}>
                {STAGE_LABELS[s]} ({members.filter((m) => m.stage === s).length})
              </option>
            ))}
          </select>
        </label>
        {allTags.length > 0 && (
          <label className="flex flex-col text-xs text-slate-600">
            Show tag
            <select value={tagFilter} onChange={(e) => setTagFilter(e.target.value)} className="mt-0.5 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900">
              <option value="">All tags</option>
              {allTags.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
        )}
        <span className="text-slate-600" aria-live="polite">
          {shown.length === members.length ? '' : `${shown.length} of ${members.length} shown · `}
          {selected.length} selected for comparison
        </span>
        {canCompare ? (
          <Link className={buttonClasses('secondary', 'sm')} href={`/compare?ids=${selected.map(encodeURIComponent).join(',')}`}>
            Compare {selected.length}
          </Link>
        ) : (
          <span className="text-xs text-slate-500">Select 2 to {MAX_COMPARE} people to compare.</span>
        )}
      </div>
      <ul className="space-y-3" aria-label="People on this shortlist">
        {/* Filtered-out cards are hidden, not unmounted, so their unsaved edits survive a filter change. */}
        {members.map((m) => (
          <li key={m.personId} hidden={!shown.includes(m)} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid="shortlist-member" data-stage={m.stage}>
            <div className="flex flex-wrap items-start gap-3">
              <input type="checkbox" className="mt-1.5 h-4 w-4" aria-label={`Select ${m.name} to compare`} checked={selected.includes(m.personId)} onChange={() => toggle(m.personId)} />
              <div className="min-w-48 flex-1">
                <Link href={`/people/${m.personId}`} className="font-medium text-brand-700 hover:underline">
                  {m.name}
                </Link>
                {m.roleValue && (
                  <span className="ml-2 text-sm text-slate-700">
                    {m.roleLabel}: {m.roleValue}
                  </span>
                )}
                <div className="text-xs text-slate-600">{m.headline}</div>
                <div className="text-xs text-slate-600">
                  {m.kind === 'candidate' ? 'Candidate' : `Employee${m.department ? ` · ${m.department}` : ''}`}
                  {m.location && ` · ${m.location}`} · added {m.addedAt.slice(0, 10)} · {m.evidenceCount} verified credential{m.evidenceCount === 1 ? '' : 's'}
                  {scored ? ' behind the requirements' : ''}
                </div>
              </div>
              {m.scorePct !== null && (
                <div className="text-right">
                  <span className="text-xl font-semibold">{m.scorePct}%</span>
                  <span className="ml-1 text-xs text-slate-600">match{m.eligible ? '' : ' · misses an essential skill'}</span>
                </div>
              )}
              {canEdit && <RemoveForm shortlistId={shortlistId} personId={m.personId} name={m.name} />}
            </div>
            {m.breakdown.length > 0 && (
              <ul className="mt-2 flex flex-wrap gap-1.5 text-xs" aria-label={`${m.name} against the requirements`}>
                {m.breakdown.map((b) => (
                  <li key={b.skill} className={`rounded px-1.5 py-0.5 ${b.met ? 'bg-emerald-50 text-emerald-800' : 'bg-red-50 text-red-800'}`}>
                    <span aria-hidden>{b.met ? '✓' : '✗'} </span>
                    <span className="sr-only">{b.met ? 'meets' : 'below'}: </span>
                    {b.name}: {b.achieved > 0 ? levelName(b.achieved) : 'none'} (needs {levelName(b.required)})
                  </li>
                ))}
              </ul>
            )}
            <div className="mt-3 border-t border-slate-100 pt-3">{canEdit ? <MemberForm shortlistId={shortlistId} member={m} onDirty={onDirty} /> : <ReadOnlyPipeline member={m} />}</div>
          </li>
        ))}
      </ul>
    </div>
  );
}
