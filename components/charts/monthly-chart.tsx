'use client';
// Monthly series: verified credentials earned per month (bars) and cumulative coverage (area, %).
import { Area, AreaChart, Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export function CredentialsPerMonthChart({ data, label }: { data: { month: string; count: number }[]; label: string }) {
  return (
    <figure aria-label={label} className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" tick={{ fontSize: 11 }} minTickGap={12} />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip />
          <Bar dataKey="count" name="Verified credentials earned" fill="#1f57c2" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function CoverageOverTimeChart({ data, label }: { data: { month: string; percent: number | null; covered: number }[]; label: string }) {
  return (
    <figure aria-label={label} className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" tick={{ fontSize: 11 }} minTickGap={12} />
          <YAxis domain={[0, 100]} unit="%" width={48} />
          <Tooltip formatter={(value, _name, item) => [`${String(value)}% (${(item?.payload as { covered?: number } | undefined)?.covered ?? 0} employees)`, 'Covered']} />
          <Area type="monotone" dataKey="percent" name="Covered" stroke="#1f57c2" fill="#93b9f3" connectNulls isAnimationActive={false} />
        </AreaChart>
      </ResponsiveContainer>
    </figure>
  );
}
