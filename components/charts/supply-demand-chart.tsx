'use client';
// Supply vs demand per skill as horizontal bars. A click on a bar opens the people behind it; the
// same links are in the table under the chart for keyboard and screen-reader users.
import { useRouter } from 'next/navigation';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useCategoryAxis } from './category-axis';

export type SupplyDemandDatum = {
  skillName: string;
  demand: number;
  supply: number;
  gap: number;
  plannedHeadcount: number;
  levelName: string;
  /** People at or above the level (supply bar). */
  supplyHref: string;
  /** People holding the skill below the level (demand bar: who could close the gap). */
  gapHref: string;
};

export function SupplyDemandChart({ data, label }: { data: SupplyDemandDatum[]; label: string }) {
  const router = useRouter();
  // Axis width, label lines and row height follow the chart's own width (see category-axis-layout.ts).
  const { ref, width, layout, tick } = useCategoryAxis(data.map((d) => d.skillName), { barsPerRow: 2, barThickness: 11 });
  const narrow = width > 0 && width < 480;
  const height = Math.max(200, data.length * layout.rowHeight + (narrow ? 96 : 70));
  return (
    <figure ref={ref} aria-label={label} className="w-full" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: narrow ? 8 : 24, bottom: 4, left: 4 }} barGap={2}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: layout.fontSize }} />
          <YAxis type="category" dataKey="skillName" width={layout.axisWidth} tick={tick} interval={0} />
          <Tooltip
            formatter={(value, name) => [value, name]}
            labelFormatter={(labelText, payload) => {
              const d = payload?.[0]?.payload as SupplyDemandDatum | undefined;
              return d ? `${String(labelText)} · level ${d.levelName} · gap ${d.gap} · planned headcount ${d.plannedHeadcount}` : String(labelText);
            }}
          />
          <Legend verticalAlign="top" wrapperStyle={{ paddingBottom: 4 }} formatter={(value) => <span className={narrow ? 'text-xs text-slate-700' : 'text-sm text-slate-700'}>{value}</span>} />
          <Bar
            isAnimationActive={false}
            dataKey="demand"
            name="Demand (open seats)"
            fill="#f59e0b"
            cursor="pointer"
            onClick={(_, index) => {
              const d = data[index];
              if (d) router.push(d.gapHref);
            }}
          />
          <Bar
            isAnimationActive={false}
            dataKey="supply"
            name="Verified supply"
            fill="#1f57c2"
            cursor="pointer"
            onClick={(_, index) => {
              const d = data[index];
              if (d) router.push(d.supplyHref);
            }}
          />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
