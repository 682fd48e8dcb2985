'use client';
// The one skill autocomplete (search requirements, role requirements): a WAI-ARIA combobox over the
// skill taxonomy's names and aliases (GET /api/v1/skills), following the APG "editable combobox
// with list autocomplete" pattern (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/): typing shows
// the list with no option active, focus stays in the box; Down moves to the first option (then the
// next, wrapping), Up to the last (then the previous); Alt+Down opens the list without moving; Enter
// picks the active option, or the best match when none is active; Escape closes the list, and a
// second Escape clears the box. Two ways to use it: without `value` each pick is handed to
// `onPick` and the box clears for the next one (adding requirements); with `value` it shows the
// picked skill and reports `null` once the text is edited away from it (one requirement's skill).
// Each option says how many people the viewer may see hold the skill ("Python · 412 people"), or
// "nobody holds this yet" (still selectable): the list comes ranked with held skills first.
import { useEffect, useId, useRef, useState } from 'react';
import { describeHolders } from '@/lib/domain/skill-suggestions';

/** `holders`: people the viewer may see who hold it at a verified level (0 nobody yet; null/absent unknown). */
export type SkillOption = { id: string; name: string; framework: string; matchedAlias: string | null; holders?: number | null };
export type PickedSkill = { id: string; name: string };

export function SkillCombobox({
  onPick,
  value,
  label,
  showLabel = false,
  exclude = [],
  placeholder = 'Type a skill, e.g. Python or user research',
  disabled = false,
  invalid = false,
  autoFocus = false,
}: {
  onPick: (skill: SkillOption | null) => void;
  /** The picked skill, for a box that holds one (omit to add-and-clear). */
  value?: PickedSkill | null;
  label: string;
  /** Show the label above the box (otherwise it is the box's accessible name only). */
  showLabel?: boolean;
  exclude?: string[];
  placeholder?: string;
  disabled?: boolean;
  invalid?: boolean;
  /** Take the focus when it appears (a row the user just added). */
  autoFocus?: boolean;
}) {
  const id = useId();
  const holdsValue = value !== undefined;
  const [text, setText] = useState(value?.name ?? '');
  const [options, setOptions] = useState<SkillOption[]>([]);
  const [open, setOpen] = useState(false);
  // -1: no option active (the box has the focus), as the pattern wants after typing.
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState<'idle' | 'loading' | 'error'>('idle');
  const abort = useRef<AbortController | null>(null);
  const visible = options.filter((s) => !exclude.includes(s.id));

  useEffect(() => {
    const q = text.trim();
    // Empty text, or the picked skill's own name, shows no list: nothing to fetch.
    if (!q || q === value?.name) return;
    const timer = setTimeout(async () => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setStatus('loading');
      try {
        const res = await fetch(`/api/v1/skills?q=${encodeURIComponent(q)}&limit=12`, { signal: controller.signal });
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as { skills: SkillOption[] };
        setOptions(body.skills);
        setActive(-1);
        setStatus('idle');
      } catch (err) {
        if ((err as Error).name !== 'AbortError') setStatus('error');
      }
    }, 150);
    return () => clearTimeout(timer);
  }, [text, value?.name]);

  // Keep the active option in view when the keyboard moves past the list's visible part.
  useEffect(() => {
    if (active >= 0) document.getElementById(`${id}-opt-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, id]);

  const pick = (skill: SkillOption | undefined) => {
    if (!skill) return;
    onPick(skill);
    setText(holdsValue ? skill.name : '');
    setOptions([]);
    setOpen(false);
    setActive(-1);
  };

  const listId = `${id}-list`;
  const showList = open && text.trim().length > 0 && text !== value?.name;
  return (
    <div className="relative">
      {showLabel && (
        <label htmlFor={`${id}-input`} className="mb-1 block text-sm font-medium text-slate-700">
          {label}
        </label>
      )}
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        aria-label={showLabel ? undefined : label}
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-invalid={invalid || undefined}
        aria-activedescendant={showList && active >= 0 && visible[active] ? `${id}-opt-${active}` : undefined}
        autoComplete="off"
        autoFocus={autoFocus}
        disabled={disabled}
        value={text}
        placeholder={placeholder}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
          if (value && e.target.value !== value.name) onPick(null);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          const count = visible.length;
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            // Alt+Down only opens the list; a closed list opens on its first option.
            if (e.altKey) return;
            setActive((a) => (!showList || count === 0 ? (count > 0 ? 0 : -1) : (a + 1) % count));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => (count === 0 ? -1 : a <= 0 ? count - 1 : a - 1));
          } else if (e.key === 'Enter') {
            if (showList && count > 0) {
              e.preventDefault();
              pick(visible[active >= 0 ? active : 0]);
            }
          } else if (e.key === 'Escape') {
            if (showList) {
              e.preventDefault();
              setOpen(false);
              setActive(-1);
            } else if (text) {
              e.preventDefault();
              setText('');
              if (value) onPick(null);
            }
          }
        }}
        className={`w-full rounded-md border px-3 py-2 text-sm ${invalid ? 'border-red-500' : 'border-slate-300'}`}
      />
      {showList && (
        <ul id={listId} role="listbox" aria-label="Matching skills" className="absolute z-20 mt-1 max-h-72 w-full min-w-72 overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg">
          {visible.length === 0 && (
            <li role="presentation" className="px-3 py-2 text-slate-500">
              {status === 'loading' ? 'Searching skills…' : status === 'error' ? 'Could not load skills. Try again.' : `No skill matches "${text.trim()}". Try a shorter word or another name for it.`}
            </li>
          )}
          {visible.map((o, i) => (
            <li
              key={o.id}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(o);
              }}
              onMouseEnter={() => setActive(i)}
              className={`cursor-pointer px-3 py-1.5 ${i === active ? 'bg-brand-50 text-brand-700' : ''}`}
            >
              <span className="font-medium">{o.name}</span>
              {describeHolders(o.holders ?? null) && (
                <span className={`ml-1 text-xs ${o.holders ? 'text-slate-700' : 'italic text-slate-500'}`} data-testid="skill-holders">
                  {' · '}
                  {describeHolders(o.holders ?? null)}
                </span>
              )}
              <span className="ml-2 text-xs text-slate-500">{o.framework}</span>
              {o.matchedAlias && <span className="ml-2 text-xs text-slate-500">also called “{o.matchedAlias}”</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
