import type { AssignmentProgress, StepState } from '@/lib/domain/pathway-progress';
import { STEP_STATE_LABELS } from '@/lib/domain/pathway-progress';
import { formatCalendarDay } from '@/lib/domain/format-date';
import { cn } from '@/components/ui/cn';

/** Words for the bar, also its accessible value: the colours are never the only carrier. */
export function progressWords(p: AssignmentProgress): string {
  if (p.total === 0) return 'No steps';
  const parts = [`${p.earned} of ${p.total} step${p.total === 1 ? '' : 's'} earned`];
  if (p.started > 0) parts.push(`${p.started} started`);
  return parts.join(', ');
}

/**
 * Earned steps (solid) then started ones (striped amber) on one track, with the words beside it.
 * A progressbar whose value is the earned share; the started count is in its value text.
 */
export function PathwayProgressBar({ progress, label, className }: { progress: AssignmentProgress; label: string; className?: string }) {
  const total = Math.max(1, progress.total);
  const words = progressWords(progress);
  return (
    <div className={cn('flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1', className)}>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.earned}
        aria-valuetext={words}
        className="flex h-2.5 w-40 max-w-full shrink-0 overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full bg-emerald-600" style={{ width: `${(progress.earned / total) * 100}%` }} />
        <div className="h-full bg-amber-400 bg-[repeating-linear-gradient(45deg,transparent,transparent_3px,rgba(255,255,255,0.45)_3px,rgba(255,255,255,0.45)_6px)]" style={{ width: `${(progress.started / total) * 100}%` }} />
      </div>
      <span className="text-xs text-slate-700 tabular-nums">{words}</span>
    </div>
  );
}

const STATE_STYLES: Record<StepState, string> = {
  not_started: 'bg-slate-100 text-slate-700',
  started: 'bg-amber-100 text-amber-900',
  earned: 'bg-emerald-100 text-emerald-800',
};

export function StepStateBadge({ state }: { state: StepState }) {
  return <span className={cn('inline-block rounded-full px-2 py-0.5 text-xs font-medium', STATE_STYLES[state])}>{STEP_STATE_LABELS[state]}</span>;
}

const STATUS_LABELS = { active: 'In progress', completed: 'Completed', cancelled: 'Cancelled' } as const;
const STATUS_STYLES = { active: 'bg-brand-50 text-brand-700', completed: 'bg-emerald-100 text-emerald-800', cancelled: 'bg-slate-100 text-slate-600' } as const;

export function AssignmentStatusBadge({ status, isOverdue }: { status: keyof typeof STATUS_LABELS; isOverdue?: boolean }) {
  return (
    <span className="inline-flex flex-wrap gap-1">
      <span className={cn('inline-block rounded-full px-2 py-0.5 text-xs font-medium', STATUS_STYLES[status])}>{STATUS_LABELS[status]}</span>
      {isOverdue && <span className="inline-block rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800">Overdue</span>}
    </span>
  );
}

/** "30 Jun 2027" for a YYYY-MM-DD day (read as a calendar day, not a UTC instant). */
export function formatDay(day: string): string {
  return formatCalendarDay(day);
}
