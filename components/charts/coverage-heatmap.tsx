// Department x skill coverage as a heatmap. Built as a real table (recharts has no heatmap, and a
// table is what screen readers and keyboards handle best): every cell is a link to its people, and
// the share is written in the cell, so colour is never the only carrier of the number.
import Link from 'next/link';
import { heatShade } from '@/lib/domain/insights';

export type HeatmapCell = { count: number; size: number; share: number | null; href: string };
export type HeatmapData = {
  skills: { id: string; name: string; levelName: string }[];
  rows: { id: string; name: string; size: number; cells: HeatmapCell[] }[];
};

// ColorBrewer "Blues" in six steps (0 = nobody, white); text colours keep at least 4.5:1 contrast.
const SHADES = [
  { background: '#ffffff', color: '#64748b' },
  { background: '#deebf7', color: '#0f172a' },
  { background: '#9ecae1', color: '#0f172a' },
  { background: '#6baed6', color: '#0f172a' },
  { background: '#2171b5', color: '#ffffff' },
  { background: '#08306b', color: '#ffffff' },
] as const;

function tone(share: number | null, maxShare: number): { background: string; color: string } {
  const shade = heatShade(share, maxShare);
  return shade === null ? { background: '#f1f5f9', color: '#64748b' } : SHADES[shade]!;
}

export function CoverageHeatmap({ data, caption }: { data: HeatmapData; caption: string }) {
  // Scaled to the largest share shown, so a matrix whose best cell is 12 % still shows its differences.
  const maxShare = Math.max(0, ...data.rows.flatMap((r) => r.cells.map((c) => c.share ?? 0)));
  const legend = [0, 1, 2, 3, 4, 5].map((shade) => ({ shade, upTo: shade === 0 ? 0 : Math.round(((maxShare * shade) / 5) * 100) }));
  return (
    // A wide grid scrolls sideways inside its box on a phone; tabIndex lets keyboard users scroll it too.
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={`${caption} (scrolls sideways)`}>
      <p className="mb-2 flex flex-wrap items-center gap-1 text-xs text-slate-600" aria-hidden="true">
        <span className="mr-1">Shade scaled to the highest share shown ({Math.round(maxShare * 100)}%):</span>
        {legend.map((l) => (
          <span key={l.shade} className="rounded px-1.5 py-0.5 ring-1 ring-slate-200" style={SHADES[l.shade]}>
            {l.shade === 0 ? '0%' : `≤${l.upTo}%`}
          </span>
        ))}
      </p>
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
                <span className="block font-normal text-slate-500">≥ {s.levelName}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row) => (
            <tr key={row.id}>
              <th scope="row" className="sticky left-0 whitespace-nowrap bg-white px-2 py-1 text-left font-medium text-slate-800">
                {row.name} <span className="font-normal text-slate-500">({row.size})</span>
              </th>
              {row.cells.map((cell, i) => {
                const skill = data.skills[i]!;
                const text = cell.share === null ? '—' : `${Math.round(cell.share * 100)}%`;
                // The visible figure starts the accessible name (WCAG 2.5.3 Label in Name): speech users say what they see.
                const label =
                  cell.share === null
                    ? `${text}: ${row.name} has no employees, ${skill.name} not applicable`
                    : `${text}: ${row.name}, ${skill.name}, ${cell.count} of ${cell.size} employees at ${skill.levelName} or above`;
                return (
                  <td key={skill.id} className="p-0">
                    {cell.share === null ? (
                      <span title={label} className="block min-w-14 rounded px-1 py-2 text-center" style={tone(null, maxShare)}>
                        <span aria-hidden>{text}</span>
                        <span className="sr-only">{label}</span>
                      </span>
                    ) : (
                      <Link href={cell.href} aria-label={label} title={label} className="block min-w-14 rounded px-1 py-2 text-center hover:ring-2 hover:ring-slate-700" style={tone(cell.share, maxShare)}>
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
