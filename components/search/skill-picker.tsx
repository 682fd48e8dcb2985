'use client';
// A combobox over the skill taxonomy (names and aliases) for search, compare and role editors.
// Keyboard: type to search, Up/Down to move, Enter to pick, Escape to close (WAI-ARIA combobox pattern).
import { useEffect, useId, useRef, useState } from 'react';

export type PickedSkill = { id: string; name: string; framework: string; matchedAlias: string | null };

export function SkillPicker({
  onPick,
  excludeIds = [],
  label = 'Add a skill',
  placeholder = 'Type a skill, e.g. Python or user research',
  disabled = false,
}: {
  onPick: (skill: PickedSkill) => void;
  excludeIds?: string[];
  label?: string;
  placeholder?: string;
  disabled?: boolean;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const [options, setOptions] = useState<PickedSkill[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [status, setStatus] = useState<'idle' | 'loading' | 'error'>('idle');
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    const q = text.trim();
    // Empty text shows no list (see showList), so there is nothing to fetch or clear.
    if (!q) return;
    const timer = setTimeout(async () => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setStatus('loading');
      try {
        const res = await fetch(`/api/v1/skills?q=${encodeURIComponent(q)}&limit=12`, { signal: controller.signal });
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as { skills: PickedSkill[] };
        setOptions(body.skills.filter((s) => !excludeIds.includes(s.id)));
        setActive(0);
        setOpen(true);
        setStatus('idle');
      } catch (err) {
        if ((err as Error).name !== 'AbortError') setStatus('error');
      }
    }, 150);
    return () => clearTimeout(timer);
    // excludeIds is compared by value through join to avoid refetching on every render
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, excludeIds.join('|')]);

  const pick = (skill: PickedSkill | undefined) => {
    if (!skill) return;
    onPick(skill);
    setText('');
    setOptions([]);
    setOpen(false);
  };

  const listId = `${id}-list`;
  const showList = open && text.trim().length > 0;
  return (
    <div className="relative">
      <label htmlFor={`${id}-input`} className="mb-1 block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList && options[active] ? `${id}-opt-${active}` : undefined}
        autoComplete="off"
        disabled={disabled}
        value={text}
        placeholder={placeholder}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(a + 1, Math.max(options.length - 1, 0)));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Enter') {
            if (showList && options.length > 0) {
              e.preventDefault();
              pick(options[active]);
            }
          } else if (e.key === 'Escape') {
            setOpen(false);
          }
        }}
        className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
      />
      {showList && (
        <ul id={listId} role="listbox" aria-label="Matching skills" className="absolute z-20 mt-1 max-h-72 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg">
          {options.length === 0 && (
            <li role="presentation" className="px-3 py-2 text-slate-500">
              {status === 'loading' ? 'Searching skills…' : status === 'error' ? 'Could not load skills. Try again.' : `No skill matches "${text.trim()}". Try a shorter word or another name for it.`}
            </li>
          )}
          {options.map((o, i) => (
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
              <span className="ml-2 text-xs text-slate-500">{o.framework}</span>
              {o.matchedAlias && <span className="ml-2 text-xs text-slate-500">also called “{o.matchedAlias}”</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
