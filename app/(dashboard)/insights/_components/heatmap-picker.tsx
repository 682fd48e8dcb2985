// The heatmap's own choice of skills and departments: a GET form like the page filters, so a view is
// a URL HR can share (?heatSkill=&heatDepartment=). The page filters ride along as hidden fields;
// nothing chosen means the default (the shortages held most widely, every department in scope; see heatmapDefault).
import Link from 'next/link';
import type { InsightsReport } from '@/lib/data/insights';
import { insightsQueryString } from '@/lib/domain/insights';

export function HeatmapPicker({ report }: { report: InsightsReport }) {
  const { filters, heatmap } = report;
  const chosenSkills = new Set(heatmap.skills);
  const chosenDepartments = new Set(heatmap.departments);
  const departments = filters.departments.length > 0 ? report.choices.departments.filter((d) => filters.departments.includes(d.id)) : report.choices.departments;
  const customised = heatmap.skills.length > 0 || heatmap.departments.length > 0;
  return (
    <details className="mb-3 rounded-md border border-slate-200" open={customised}>
      <summary className="cursor-pointer select-none px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">Choose skills and departments</summary>
      <form method="get" action="/insights#coverage" aria-label="Heatmap skills and departments" className="space-y-3 border-t border-slate-200 p-3 text-sm">
        {filters.departments.map((d) => (
          <input key={`d-${d}`} type="hidden" name="department" value={d} />
        ))}
        {filters.families.map((f) => (
          <input key={`f-${f}`} type="hidden" name="family" value={f} />
        ))}
        {filters.skills.map((s) => (
          <input key={`s-${s}`} type="hidden" name="skill" value={s} />
        ))}
        {filters.level && <input type="hidden" name="level" value={filters.level} />}
        <input type="hidden" name="from" value={filters.from} />
        <input type="hidden" name="to" value={filters.to} />
        <div className="grid gap-3 md:grid-cols-2">
          <fieldset>
            <legend className="font-medium text-slate-700">Skills (largest gap first; none ticked: the shortages held most widely)</legend>
            <div className="mt-1 max-h-48 overflow-y-auto rounded border border-slate-200 p-2">
              {report.data.supplyDemand.map((r) => (
                <label key={r.skillId} className="flex items-center gap-2 py-0.5">
                  <input type="checkbox" name="heatSkill" value={r.skillId} defaultChecked={chosenSkills.has(r.skillId)} />
                  <span>
                    {r.skillName} <span className="text-slate-500">(gap {r.gap})</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend className="font-medium text-slate-700">Departments (none ticked: all)</legend>
            <div className="mt-1 max-h-48 overflow-y-auto rounded border border-slate-200 p-2">
              {departments.map((d) => (
                <label key={d.id} className="flex items-center gap-2 py-0.5">
                  <input type="checkbox" name="heatDepartment" value={d.id} defaultChecked={chosenDepartments.has(d.id)} />
                  <span>{d.name}</span>
                </label>
              ))}
            </div>
          </fieldset>
        </div>
        <div className="flex flex-wrap gap-2">
          <button type="submit" className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Show in heatmap
          </button>
          {customised && (
            <Link href={`/insights${insightsQueryString(filters)}#coverage`} className="rounded-md px-3 py-2 text-sm text-slate-700 hover:bg-slate-100">
              Back to the default
            </Link>
          )}
        </div>
      </form>
    </details>
  );
}
