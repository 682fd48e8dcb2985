'use client';
// Skills chart for compare: a radar (one axis per skill, 0-5, the required level as a dashed
// outline and one shape per person) from three skills up; with one or two skills, where a radar is a
// line, grouped horizontal bars say the same thing. Labels wrap instead of running off the chart and
// the legend wraps under it, so nothing clips on screen, on a phone or on a printed page. Fed
// entirely by props; the matrix next to it is the same data as a table.
import { type ReactElement } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  PolarAngleAxis,
  PolarGrid,
  PolarRadiusAxis,
  Radar,
  RadarChart as RechartsRadar,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { levelName } from '@/lib/domain/levels';
import { useCategoryAxis } from './category-axis';
import { wrapLabel } from './category-axis-layout';

export { wrapLabel };

export type RadarSeries = { key: string; label: string };
export type RadarDatum = { axis: string } & Record<string, number | string>;

/** Distinguishable for the common colour-vision deficiencies (Okabe-Ito), dark enough on white. */
const COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7'];
const LABEL_LINE = 16;

type TickProps = { x?: number | string; y?: number | string; cx?: number | string; payload?: { value?: string }; textAnchor?: string };

function AngleTick(props: TickProps): ReactElement {
  const x = Number(props.x ?? 0);
  const y = Number(props.y ?? 0);
  const cx = Number(props.cx ?? x);
  // Left of centre reads right-aligned, right of centre left-aligned, top and bottom centred.
  const anchor = Math.abs(x - cx) < 4 ? 'middle' : x < cx ? 'end' : 'start';
  // The chart is centred, so it is 2 * cx wide: wrap each label to the room left on its side (about
  // 6.2 px per character at 11 px), so no label runs off a narrow chart (a phone, a printed column).
  const room = anchor === 'end' ? x : anchor === 'start' ? 2 * cx - x : 2 * Math.min(x, 2 * cx - x);
  const chars = Math.max(5, Math.min(LABEL_LINE, Math.floor((room - 6) / 6.2)));
  const full = String(props.payload?.value ?? '');
  const lines = wrapLabel(full, chars, 2);
  return (
    <text x={x} y={y} textAnchor={anchor} fontSize={11} fill="#334155" dominantBaseline="central">
      <title>{full}</title>
      {lines.map((l, i) => (
        <tspan key={i} x={x} dy={i === 0 ? `${-(lines.length - 1) * 0.55}em` : '1.1em'}>
          {l}
        </tspan>
      ))}
    </text>
  );
}

const levelTooltip = (value: unknown) => (typeof value === 'number' ? `${value} ${value > 0 ? levelName(value) : 'none'}` : String(value));

export function RadarChart({ data, series, requiredKey, height = 340, label }: { data: RadarDatum[]; series: RadarSeries[]; requiredKey?: string; height?: number; label?: string }) {
  const name = label ?? `Skill levels of ${series.map((s) => s.label).join(', ')} across ${data.length} skill${data.length === 1 ? '' : 's'}`;
  if (data.length === 0) return <p className="text-sm text-slate-600">No skills to chart yet.</p>;
  if (data.length < 3) return <SkillBars data={data} series={series} requiredKey={requiredKey} label={`${name} (bars: a radar needs three skills)`} />;
  return (
    <figure role="img" aria-label={name} className="compare-chart w-full" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <RechartsRadar data={data} outerRadius="58%" margin={{ top: 16, right: 8, bottom: 8, left: 8 }}>
          <PolarGrid />
          <PolarAngleAxis dataKey="axis" tick={AngleTick} />
          <PolarRadiusAxis domain={[0, 5]} tickCount={6} tick={{ fontSize: 9 }} angle={90} />
          {requiredKey && <Radar name="Required" dataKey={requiredKey} stroke="#0f172a" strokeDasharray="4 3" fill="none" isAnimationActive={false} />}
          {series.map((s, i) => (
            <Radar key={s.key} name={s.label} dataKey={s.key} stroke={COLOURS[i % COLOURS.length]} fill={COLOURS[i % COLOURS.length]} fillOpacity={0.12} strokeWidth={2} isAnimationActive={false} />
          ))}
          <Tooltip formatter={levelTooltip} />
          <Legend wrapperStyle={{ fontSize: 12, lineHeight: '18px' }} />
        </RechartsRadar>
      </ResponsiveContainer>
    </figure>
  );
}

/** One or two skills: grouped horizontal bars (one per person, the required level as its own bar), the axis sized to the chart's width. */
function SkillBars({ data, series, requiredKey, label }: { data: RadarDatum[]; series: RadarSeries[]; requiredKey?: string; label: string }) {
  const barsPerRow = series.length + (requiredKey ? 1 : 0);
  const { ref, layout, tick } = useCategoryAxis(data.map((d) => d.axis), { fontSize: 11, barsPerRow, barThickness: 14 });
  const barHeight = Math.max(160, data.length * layout.rowHeight + 90);
  return (
    <figure ref={ref} role="img" aria-label={label} className="compare-chart w-full" style={{ height: barHeight }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[0, 5]} ticks={[0, 1, 2, 3, 4, 5]} allowDecimals={false} tick={{ fontSize: 11 }} />
          <YAxis type="category" dataKey="axis" width={layout.axisWidth} tick={tick} interval={0} />
          <Tooltip formatter={levelTooltip} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {requiredKey && <Bar dataKey={requiredKey} name="Required" fill="#94a3b8" isAnimationActive={false} />}
          {series.map((s, i) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={COLOURS[i % COLOURS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
