'use client';

import { useId, useRef, useState } from 'react';
import type { SkillSuggestion } from '@/lib/data/skills';
import { suggestSkillsAction } from '../_actions/suggest-skills';

export type PickedSkill = { id: string; name: string };

/**
 * A keyboard-friendly skill picker (WAI-ARIA combobox): type to search the skills table, arrows to
 * move, Enter to pick, Escape to close. Only skills from the taxonomy can be picked.
 */
export function SkillCombobox({
  value,
  onChange,
  label,
  invalid,
  exclude,
}: {
  value: PickedSkill | null;
  onChange: (skill: PickedSkill | null) => void;
  label: string;
  invalid?: boolean;
  exclude: string[];
}) {
  const [text, setText] = useState(value?.name ?? '');
  const [options, setOptions] = useState<SkillSuggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [loading, setLoading] = useState(false);
  const listId = useId();
  const request = useRef(0);

  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const visible = options.filter((s) => !exclude.includes(s.id));

  // Debounced lookup as the user types; a stale answer (an older ticket) is dropped.
  const search = (needle: string) => {
    if (timer.current) clearTimeout(timer.current);
    const trimmed = needle.trim();
    if (!trimmed) {
      setOptions([]);
      setLoading(false);
      return;
    }
    const ticket = ++request.current;
    setLoading(true);
    timer.current = setTimeout(() => {
      suggestSkillsAction(trimmed)
        .then((found) => {
          if (ticket !== request.current) return;
          setOptions(found);
          setActive(0);
        })
        .catch(() => ticket === request.current && setOptions([]))
        .finally(() => ticket === request.current && setLoading(false));
    }, 150);
  };

  const pick = (s: SkillSuggestion) => {
    onChange({ id: s.id, name: s.name });
    setText(s.name);
    setOpen(false);
  };

  return (
    <div className="relative">
      <input
        type="text"
        role="combobox"
        aria-label={label}
        aria-expanded={open && visible.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-invalid={invalid || undefined}
        aria-activedescendant={open && visible[active] ? `${listId}-${active}` : undefined}
        value={text}
        placeholder="Type a skill, e.g. data engineering"
        className={`w-full rounded-md border px-2 py-1.5 text-sm ${invalid ? 'border-red-500' : 'border-slate-300'}`}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          search(e.target.value);
          if (value && e.target.value !== value.name) onChange(null);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((i) => Math.min(i + 1, Math.max(visible.length - 1, 0)));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((i) => Math.max(i - 1, 0));
          } else if (e.key === 'Enter' && open && visible[active]) {
            e.preventDefault();
            pick(visible[active]!);
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      {open && text.trim() && text !== value?.name && (
        <ul id={listId} role="listbox" className="absolute z-20 mt-1 max-h-64 w-full min-w-72 overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg">
          {visible.map((s, i) => (
            <li
              key={s.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`cursor-pointer px-3 py-1.5 ${i === active ? 'bg-brand-50 text-brand-700' : ''}`}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(s);
              }}
              onMouseEnter={() => setActive(i)}
            >
              {s.name} <span className="text-xs text-slate-500">{s.framework}{s.matchedAlias ? ` · “${s.matchedAlias}”` : ''}</span>
            </li>
          ))}
          {visible.length === 0 && <li className="px-3 py-1.5 text-slate-500">{loading ? 'Searching…' : 'No skill in the taxonomy matches.'}</li>}
        </ul>
      )}
    </div>
  );
}
