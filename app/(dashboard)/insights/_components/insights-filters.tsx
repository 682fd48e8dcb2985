import Link from 'next/link';
import type { InsightsFilterValues } from '@/lib/domain/insights';
import { LEVELS } from '@/lib/domain/levels';

type Choices = { departments: { id: string; name: string }[]; families: string[]; skills: { id: string; name: string }[] };

const selectClass = 'mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm';

/** A plain GET form: the filters live in the URL, so every view can be shared and bookmarked. */
export function InsightsFilters({ filters, choices }: { filters: InsightsFilterValues; choices: Choices }) {
  return (
    <form method="get" action="/insights" className="grid grid-cols-2 items-end gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-4 lg:grid-cols-7" aria-label="Insights filters">
      <div className="text-sm font-medium text-slate-700">
        <label htmlFor="insights-department">Department</label>
        <select id="insights-department" name="department" defaultValue={filters.departments[0] ?? ''} className={selectClass}>
          <option value="">All departments</option>
          {choices.departments.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </div>
      <div className="text-sm font-medium text-slate-700">
        <label htmlFor="insights-family">Role family</label>
        <select id="insights-family" name="family" defaultValue={filters.families[0] ?? ''} className={selectClass}>
          <option value="">All role families</option>
          {choices.families.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </div>
      <div className="text-sm font-medium text-slate-700">
        <label htmlFor="insights-skill">Skill</label>
        <select id="insights-skill" name="skill" defaultValue={filters.skills[0] ?? ''} className={selectClass}>
          <option value="">All skills in demand</option>
          {choices.skills.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </div>
      <div className="text-sm font-medium text-slate-700">
        <label htmlFor="insights-level">Level counted</label>
        <select id="insights-level" name="level" defaultValue={filters.level ? String(filters.level) : ''} className={selectClass}>
          <option value="">Level roles require</option>
          {LEVELS.map((l) => (
            <option key={l.value} value={l.value}>
              {l.value} {l.name} or above
            </option>
          ))}
        </select>
      </div>
      <div className="text-sm font-medium text-slate-700">
        <label htmlFor="insights-from">From</label>
        <input id="insights-from" type="month" name="from" defaultValue={filters.from} className={selectClass} />
      </div>
      <div className="text-sm font-medium text-slate-700">
        <label htmlFor="insights-to">To</label>
        <input id="insights-to" type="month" name="to" defaultValue={filters.to} className={selectClass} />
      </div>
      <div className="flex gap-2">
        <button type="submit" className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Apply
        </button>
        <Link href="/insights" className="rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">
          Reset
        </Link>
      </div>
    </form>
  );
}
