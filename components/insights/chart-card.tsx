import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card';

/**
 * One insights chart: the picture, the same numbers as a table (closed by default, open for screen
 * readers and people who would rather read), and the CSV of exactly those rows.
 */
export function ChartCard({
  id,
  title,
  description,
  csvHref,
  table,
  children,
}: {
  id: string;
  title: string;
  description: ReactNode;
  csvHref?: string;
  table?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div id={id} className="scroll-mt-4">
      <Card
        title={title}
        actions={
          csvHref ? (
            <a href={csvHref} download className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-50" aria-label={`Download CSV: ${title}`}>
              CSV
            </a>
          ) : undefined
        }
      >
        <p className="mb-3 text-sm text-slate-600">{description}</p>
        {children}
        {table && (
          <details className="mt-3 rounded-md border border-slate-200">
            <summary className="cursor-pointer select-none px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">Show as a table</summary>
            <div className="max-h-[28rem] overflow-auto border-t border-slate-200">{table}</div>
          </details>
        )}
      </Card>
    </div>
  );
}

export function DataTable({ caption, head, rows }: { caption: string; head: ReactNode[]; rows: ReactNode[][] }) {
  return (
    <table className="min-w-full text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="sticky top-0 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
        <tr>
          {head.map((h, i) => (
            <th key={i} scope="col" className="px-3 py-2 font-medium">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((r, i) => (
          <tr key={i}>
            {r.map((c, j) =>
              j === 0 ? (
                <th key={j} scope="row" className="px-3 py-1.5 font-medium text-slate-800">
                  {c}
                </th>
              ) : (
                <td key={j} className="px-3 py-1.5 tabular-nums text-slate-700">
                  {c}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
