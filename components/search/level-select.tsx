import { LEVELS } from '@/lib/domain/levels';

/** A select of the five level names; native, so it is keyboard- and screen-reader-friendly. */
export function LevelSelect({ value, onChange, label, id }: { value: number; onChange: (level: number) => void; label: string; id?: string }) {
  return (
    <select id={id} aria-label={label} value={value} onChange={(e) => onChange(Number(e.target.value))} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
      {LEVELS.map((l) => (
        <option key={l.value} value={l.value}>
          {l.value} {l.name}
        </option>
      ))}
    </select>
  );
}
