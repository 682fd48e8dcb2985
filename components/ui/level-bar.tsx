import { levelName } from '@/lib/domain/levels';
import { cn } from './cn';

/**
 * A 1-5 level as five segments with the level's name; `required` draws a marker so a gap is visible
 * at a glance. Level 0 means "none".
 *
 * The segments are one element drawn by CSS (`.level-meter` in app/globals.css, keyed on
 * aria-valuenow) rather than five spans: a profile draws a bar per skill, and every element is
 * rendered twice per request (the HTML and the RSC payload) and parsed once more for the HTML
 * (issue 12 item 6). The marker is a sibling, not a child: the meter's mask would clip its ring.
 */
export function LevelBar({ level, required, label, className }: { level: number; required?: number; label?: string; className?: string }) {
  const met = required === undefined || level >= required;
  const meter = (
    <span
      className="level-meter"
      data-unmet={met ? undefined : ''}
      role="meter"
      aria-valuemin={0}
      aria-valuemax={5}
      aria-valuenow={level}
      aria-label={label ?? `Level ${level} of 5${required ? `, ${requiredText(required)}` : ''}`}
    />
  );
  return (
    <div className={cn('flex items-center gap-2', className)}>
      {required ? (
        <span className="relative inline-flex">
          {meter}
          <span aria-hidden className="level-meter-mark" data-required={required} />
        </span>
      ) : (
        meter
      )}
      <span className="text-xs text-slate-600">{level > 0 ? levelName(level) : 'None'}</span>
    </div>
  );
}

function requiredText(required: number) {
  return `required ${levelName(required)}`;
}
