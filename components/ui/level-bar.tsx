import { LEVELS, levelName } from '@/lib/domain/levels';
import { cn } from './cn';

/**
 * A 1-5 level as five segments with the level's name; `required` draws a marker so a gap is visible
 * at a glance. Level 0 means "none".
 */
export function LevelBar({ level, required, label, className }: { level: number; required?: number; label?: string; className?: string }) {
  const met = required === undefined || level >= required;
  return (
    <div className={cn('flex items-center gap-2', className)}>
      <div
        className="flex gap-0.5"
        role="meter"
        aria-valuemin={0}
        aria-valuemax={5}
        aria-valuenow={level}
        aria-label={label ?? `Level ${level} of 5${required ? `, ${requiredText(required)}` : ''}`}
      >
        {LEVELS.map((l) => (
          <span
            key={l.value}
            className={cn(
              'h-2.5 w-5 rounded-sm',
              l.value <= level ? (met ? 'bg-brand-500' : 'bg-amber-500') : 'bg-slate-200',
              required === l.value && 'ring-2 ring-slate-700 ring-offset-1',
            )}
          />
        ))}
      </div>
      <span className="text-xs text-slate-600">{level > 0 ? levelName(level) : 'None'}</span>
    </div>
  );
}

function requiredText(required: number) {
  return `required ${levelName(required)}`;
}
