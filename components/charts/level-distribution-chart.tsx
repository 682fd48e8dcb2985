'use client';
// Level distribution per skill as stacked bars (1 Awareness .. 5 Expert). A segment opens the people
// at exactly that level.
import { useRouter } from 'next/navigation';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

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

const SERIES = [
  { key: 'l1', name: '1 Awareness', fill: '#cfe0fb' },
  { key: 'l2', name: '2 Working', fill: '#93b9f3' },
  { key: 'l3', name: '3 Practitioner', fill: '#4f86e6' },
  { key: 'l4', name: '4 Advanced', fill: '#1f57c2' },
  { key: 'l5', name: '5 Expert', fill: '#0f2f6e' },
] as const;

export function LevelDistributionChart({ data, label }: { data: LevelDistributionDatum[]; label: string }) {
  const router = useRouter();
  const height = Math.max(220, data.length * 38 + 80);
  return (
    <figure aria-label={label} className="w-full" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="skillName" width={200} tick={{ fontSize: 12 }} interval={0} />
          <Tooltip />
          <Legend formatter={(value) => <span className="text-sm text-slate-700">{value}</span>} />
          {SERIES.map((s, i) => (
            <Bar
              isAnimationActive={false}
              key={s.key}
              dataKey={s.key}
              name={s.name}
              stackId="levels"
              fill={s.fill}
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
