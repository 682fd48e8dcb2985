/** A match percentage as a number and a bar; the number is always shown, never colour alone. */
export function MatchMeter({ percent, label }: { percent: number; label?: string }) {
  const clamped = Math.max(0, Math.min(100, percent));
  const tone = clamped >= 100 ? 'bg-emerald-500' : clamped >= 70 ? 'bg-brand-500' : clamped >= 40 ? 'bg-amber-500' : 'bg-slate-400';
  return (
    <div className="flex items-center gap-2 whitespace-nowrap">
      <div className="h-2 w-20 shrink-0 rounded-full bg-slate-200" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={clamped} aria-label={label ?? 'Match'}>
        <div className={`h-2 rounded-full ${tone}`} style={{ width: `${clamped}%` }} />
      </div>
      <span className="tabular-nums font-semibold text-slate-900">{clamped} %</span>
    </div>
  );
}
