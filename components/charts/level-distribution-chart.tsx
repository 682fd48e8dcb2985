'use client';
// Level distribution per skill as stacked bars (1 Awareness .. 5 Expert). A segment opens the people
// at exactly that level.
import { useRouter } from 'next/navigation';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useCategoryAxis } from './category-axis';

export type LevelDistributionDatum = {
  skillName: string;
  l1: number;
  l2: number;
  l3: number;
  l4: number;
  l5: number;
  /** Drill-down link per level, index 0 = level 1. */
  hrefs: [string, string, string, string, string];
};

// Viridis in five steps (light = lower level): adjacent levels differ in hue as well as lightness,
// so they stay apart side by side, in print and for the common colour-vision deficiencies (the
// earlier five blues made 1/2 and 4/5 hard to tell apart). A white stroke separates segments.
export const LEVEL_COLOURS = ['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154'] as const;
const SERIES = [
  { key: 'l1', name: '1 Awareness', fill: LEVEL_COLOURS[0] },
  { key: 'l2', name: '2 Working', fill: LEVEL_COLOURS[1] },
  { key: 'l3', name: '3 Practitioner', fill: LEVEL_COLOURS[2] },
  { key: 'l4', name: '4 Advanced', fill: LEVEL_COLOURS[3] },
  { key: 'l5', name: '5 Expert', fill: LEVEL_COLOURS[4] },
] as const;

export function LevelDistributionChart({ data, label }: { data: LevelDistributionDatum[]; label: string }) {
  const router = useRouter();
  // Axis width, label lines and row height follow the chart's own width (see category-axis-layout.ts).
  const { ref, width, layout, tick } = useCategoryAxis(data.map((d) => d.skillName), { barsPerRow: 1, barThickness: 18 });
  const narrow = width > 0 && width < 480;
  // Five legend entries take three lines on a phone.
  const height = Math.max(200, data.length * layout.rowHeight + (narrow ? 120 : 80));
  return (
    <figure ref={ref} aria-label={label} className="w-full" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: narrow ? 8 : 24, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tickCount={6} tick={{ fontSize: layout.fontSize }} />
          <YAxis type="category" dataKey="skillName" width={layout.axisWidth} tick={tick} interval={0} />
          <Tooltip />
          <Legend verticalAlign="top" wrapperStyle={{ paddingBottom: 4 }} formatter={(value) => <span className={narrow ? 'text-xs text-slate-700' : 'text-sm text-slate-700'}>{value}</span>} />
          {SERIES.map((s, i) => (
            <Bar
              isAnimationActive={false}
              key={s.key}
              dataKey={s.key}
              name={s.name}
              stackId="levels"
              fill={s.fill}
              stroke="#ffffff"
              strokeWidth={1}
              cursor="pointer"
              onClick={(_, index) => {
                const href = data[index]?.hrefs[i];
                if (href) router.push(href);
              }}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
