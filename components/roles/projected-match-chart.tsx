'use client';
// The projected match after each pathway step, as a step chart. The same numbers are in the step list
// next to it, so the chart is a picture of the list, not the only place the data lives.
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export type ProjectedPoint = { label: string; percent: number; name: string };

export function ProjectedMatchChart({ points }: { points: ProjectedPoint[] }) {
  return (
    <figure aria-label={`Projected match: ${points.map((p) => `${p.label} ${p.percent} %`).join(', ')}`}>
      <div className="h-56 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} />
            <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} tickFormatter={(v: number) => `${v} %`} tick={{ fontSize: 12 }} width={56} />
            <ReferenceLine y={100} stroke="#10b981" strokeDasharray="4 4" />
            <Tooltip formatter={(value) => [`${String(value)} %`, 'Projected match']} labelFormatter={(label, payload) => String(payload?.[0]?.payload?.name ?? label)} />
            <Line type="stepAfter" dataKey="percent" stroke="#1f57c2" strokeWidth={2} dot={{ r: 4 }} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">Projected match after each step of the pathway.</figcaption>
    </figure>
  );
}
