// Department x skill coverage as a heatmap. Built as a real table (recharts has no heatmap, and a
// table is what screen readers and keyboards handle best): every cell is a link to its people, and
// the share is written in the cell, so colour is never the only carrier of the number.
import Link from 'next/link';

export type HeatmapCell = { count: number; size: number; share: number | null; href: string };
export type HeatmapData = {
  skills: { id: string; name: string; levelName: string }[];
  rows: { id: string; name: string; size: number; cells: HeatmapCell[] }[];
};

function tone(share: number | null): string {
  if (share === null) return 'bg-slate-100 text-slate-400';
  if (share >= 0.6) return 'bg-brand-700 text-white';
  if (share >= 0.4) return 'bg-brand-600 text-white';
  if (share >= 0.25) return 'bg-brand-500 text-white';
  if (share >= 0.1) return 'bg-brand-100 text-slate-900';
  if (share > 0) return 'bg-brand-50 text-slate-900';
  return 'bg-white text-slate-500';
}

export function CoverageHeatmap({ data, caption }: { data: HeatmapData; caption: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full border-separate border-spacing-0.5 text-xs">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="sticky left-0 bg-white px-2 py-1 text-left font-medium text-slate-600">
              Department
            </th>
            {data.skills.map((s) => (
              <th key={s.id} scope="col" className="max-w-28 px-1 py-1 align-bottom font-medium text-slate-600" title={`${s.name} at ${s.levelName} or above`}>
                <span className="line-clamp-3 block">{s.name}</span>
                <span className="block font-normal text-slate-400">≥ {s.levelName}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row) => (
            <tr key={row.id}>
              <th scope="row" className="sticky left-0 whitespace-nowrap bg-white px-2 py-1 text-left font-medium text-slate-800">
                {row.name} <span className="font-normal text-slate-400">({row.size})</span>
              </th>
              {row.cells.map((cell, i) => {
                const skill = data.skills[i]!;
                const text = cell.share === null ? '—' : `${Math.round(cell.share * 100)}%`;
                const label =
                  cell.share === null
                    ? `${row.name} has no employees: ${skill.name} not applicable`
                    : `${row.name}, ${skill.name}: ${cell.count} of ${cell.size} employees (${text}) at ${skill.levelName} or above`;
                return (
                  <td key={skill.id} className="p-0">
                    {cell.share === null ? (
                      <span aria-label={label} title={label} className={`block min-w-14 rounded px-1 py-2 text-center ${tone(null)}`}>
                        {text}
                      </span>
                    ) : (
                      <Link href={cell.href} aria-label={label} title={label} className={`block min-w-14 rounded px-1 py-2 text-center hover:ring-2 hover:ring-slate-700 ${tone(cell.share)}`}>
                        {text}
                      </Link>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
