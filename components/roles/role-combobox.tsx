'use client';
// A searchable role profile picker (compare against a role, score a shortlist): a WAI-ARIA 1.2
// combobox with a listbox popup over the role profiles the page was given. Type any part of a role or
// its family to filter; ArrowDown opens the list on the first option (never skipping it), Up/Down
// move, Home/End jump, Enter picks, Escape closes and then clears. The pick is a hidden form field
// (`name`); with `submitOnPick` the surrounding form is submitted at once.
import { useId, useMemo, useRef, useState } from 'react';

export type RoleComboboxOption = { id: string; name: string; family: string };

const optionLabel = (o: RoleComboboxOption) => (o.family ? `${o.family}: ${o.name}` : o.name);

export function RoleCombobox({
  roles,
  name,
  label,
  defaultRoleId = '',
  noneLabel,
  submitOnPick = false,
  placeholder = 'Type to find a role…',
}: {
  roles: RoleComboboxOption[];
  name: string;
  label: string;
  defaultRoleId?: string;
  /** The "no role" choice, listed first (e.g. "The search’s requirements"). */
  noneLabel: string;
  submitOnPick?: boolean;
  placeholder?: string;
}) {
  const id = useId();
  const initial = roles.find((r) => r.id === defaultRoleId);
  const [picked, setPicked] = useState<RoleComboboxOption | null>(initial ?? null);
  const [text, setText] = useState(initial ? optionLabel(initial) : '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const hidden = useRef<HTMLInputElement>(null);
  const none: RoleComboboxOption = { id: '', name: noneLabel, family: '' };

  const filtered = useMemo(() => {
    const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
    // While the box shows the picked role, list everything: the user opened it to change the pick.
    if (picked && text === optionLabel(picked)) return [none, ...roles];
    const hits = roles.filter((r) => words.every((w) => optionLabel(r).toLowerCase().includes(w)));
    return words.length ? hits : [none, ...roles];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, roles, picked, noneLabel]);

  const pick = (option: RoleComboboxOption | undefined) => {
    if (!option) return;
    const role = option.id ? option : null;
    setPicked(role);
    setText(role ? optionLabel(role) : '');
    setOpen(false);
    setActive(-1);
    if (hidden.current) hidden.current.value = option.id;
    if (submitOnPick) hidden.current?.form?.requestSubmit();
  };

  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-opt-${i}`;
  return (
    <div className="relative w-full max-w-md">
      <label htmlFor={`${id}-input`} className="mb-1 block text-xs text-slate-600">
        {label}
      </label>
      <input ref={hidden} type="hidden" name={name} defaultValue={initial?.id ?? ''} />
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && active >= 0 && filtered[active] ? optionId(active) : undefined}
        autoComplete="off"
        value={text}
        placeholder={placeholder}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onClick={() => setOpen(true)}
        onBlur={() =>
          setTimeout(() => {
            setOpen(false);
            // Leaving the box with half-typed text keeps the last real pick visible.
            setText(picked ? optionLabel(picked) : '');
          }, 150)
        }
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            if (!open) {
              setOpen(true);
              setActive(0);
            } else setActive((a) => Math.min(a + 1, filtered.length - 1));
          } else if (e.key === 'ArrowUp') {
            e.preventDefault();
            if (!open) {
              setOpen(true);
              setActive(filtered.length - 1);
            } else setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === 'Home' && open) {
            e.preventDefault();
            setActive(0);
          } else if (e.key === 'End' && open) {
            e.preventDefault();
            setActive(filtered.length - 1);
          } else if (e.key === 'Enter') {
            if (open && filtered.length > 0) {
              e.preventDefault();
              pick(filtered[active >= 0 ? active : 0]);
            }
          } else if (e.key === 'Escape') {
            if (open) setOpen(false);
            else setText('');
          }
        }}
        className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900"
      />
      {open && (
        <ul id={listId} role="listbox" aria-label="Role profiles" className="absolute z-20 mt-1 max-h-72 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg">
          {filtered.length === 0 && (
            <li role="presentation" className="px-3 py-2 text-slate-500">
              No role profile matches “{text.trim()}”.
            </li>
          )}
          {filtered.map((o, i) => (
            <li
              key={o.id || 'none'}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(o);
              }}
              onMouseEnter={() => setActive(i)}
              className={`cursor-pointer px-3 py-1.5 ${i === active ? 'bg-brand-50 text-brand-700' : ''} ${o.id === '' ? 'italic text-slate-600' : ''}`}
            >
              {o.family && <span className="text-xs text-slate-500">{o.family}: </span>}
              <span className="font-medium">{o.name}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
