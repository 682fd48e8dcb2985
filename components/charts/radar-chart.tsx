'use client';
// Skills radar for compare: one axis per skill (0-5), the required level as a dashed outline and one
// filled shape per person. Fed entirely by props so it can be rendered anywhere.
import { Legend, PolarAngleAxis, PolarGrid, PolarRadiusAxis, Radar, RadarChart as RechartsRadar, ResponsiveContainer, Tooltip } from 'recharts';
import { levelName } from '@/lib/domain/levels';

export type RadarSeries = { key: string; label: string };
export type RadarDatum = { axis: string } & Record<string, number | string>;

const COLOURS = ['#1f57c2', '#d97706', '#059669', '#9333ea'];

export function RadarChart({ data, series, requiredKey, height = 320 }: { data: RadarDatum[]; series: RadarSeries[]; requiredKey?: string; height?: number }) {
  if (data.length < 3) {
    // A radar needs three axes to be a shape; with fewer, the matrix says it better.
    return <p className="text-sm text-slate-500">The radar chart needs at least three skills; see the matrix.</p>;
  }
  return (
    <div style={{ width: '100%', height }} role="img" aria-label={`Radar chart of ${series.map((s) => s.label).join(', ')} across ${data.length} skills`}>
      <ResponsiveContainer>
        <RechartsRadar data={data} outerRadius="72%">
          <PolarGrid />
          <PolarAngleAxis dataKey="axis" tick={{ fontSize: 11 }} />
          <PolarRadiusAxis domain={[0, 5]} tickCount={6} tick={{ fontSize: 9 }} />
          {requiredKey && <Radar name="Required" dataKey={requiredKey} stroke="#0f172a" strokeDasharray="4 3" fill="none" isAnimationActive={false} />}
          {series.map((s, i) => (
            <Radar key={s.key} name={s.label} dataKey={s.key} stroke={COLOURS[i % COLOURS.length]} fill={COLOURS[i % COLOURS.length]} fillOpacity={0.15} isAnimationActive={false} />
          ))}
          <Tooltip formatter={(value) => (typeof value === 'number' ? `${value} ${value > 0 ? levelName(value) : 'none'}` : String(value))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
        </RechartsRadar>
      </ResponsiveContainer>
    </div>
  );
}
