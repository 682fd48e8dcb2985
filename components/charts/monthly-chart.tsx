'use client';
// Monthly series: verified credentials earned per month (bars) and cumulative coverage (area, %).
// Every bar and every month of the area opens the people behind it; the x axis is labelled on
// calendar-aligned months (monthTicks) so labels never land on arbitrary months.
import { useRouter } from 'next/navigation';
import { Area, AreaChart, Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { monthLabel, monthTicks } from '@/lib/domain/insights';

type Linked = { month: string; href: string };

function hrefOfMonth(data: Linked[], label: unknown): string | undefined {
  return data.find((d) => d.month === label)?.href;
}

export function CredentialsPerMonthChart({ data, label }: { data: (Linked & { count: number })[]; label: string }) {
  const router = useRouter();
  const ticks = monthTicks(data.map((d) => d.month));
  return (
    <figure aria-label={label} className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
          onClick={(state) => {
            const href = hrefOfMonth(data, state?.activeLabel);
            if (href) router.push(href);
          }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" tick={{ fontSize: 11 }} ticks={ticks} interval={0} tickFormatter={monthLabel} />
          <YAxis allowDecimals={false} width={40} tickCount={5} />
          <Tooltip labelFormatter={(m) => `${monthLabel(String(m))} (click for the people)`} />
          <Bar
            dataKey="count"
            name="Verified credentials earned"
            fill="#1f57c2"
            cursor="pointer"
            isAnimationActive={false}
            // The bar's own handler gets its row by index; the chart-level one above needs the tooltip's
            // active label, which a click that arrives before the first mouse move does not have yet.
            onClick={(_, index) => {
              const href = data[index]?.href;
              if (href) router.push(href);
            }}
          />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function CoverageOverTimeChart({ data, label }: { data: (Linked & { percent: number | null; covered: number })[]; label: string }) {
  const router = useRouter();
  const ticks = monthTicks(data.map((d) => d.month));
  return (
    <figure aria-label={label} className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart
          data={data}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
          style={{ cursor: 'pointer' }}
          onClick={(state) => {
            const href = hrefOfMonth(data, state?.activeLabel);
            if (href) router.push(href);
          }}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" tick={{ fontSize: 11 }} ticks={ticks} interval={0} tickFormatter={monthLabel} />
          <YAxis domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit="%" width={56} />
          <Tooltip
            labelFormatter={(m) => `${monthLabel(String(m))} (click for the people)`}
            formatter={(value, _name, item) => [`${String(value)}% (${(item?.payload as { covered?: number } | undefined)?.covered ?? 0} employees)`, 'Covered']}
          />
          <Area type="monotone" dataKey="percent" name="Covered" stroke="#1f57c2" fill="#93b9f3" connectNulls isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </figure>
  );
}
