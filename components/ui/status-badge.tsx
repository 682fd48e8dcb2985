import { cn } from './cn';

const STYLES: Record<string, string> = {
  verified: 'bg-emerald-100 text-emerald-800',
  unverified: 'bg-slate-100 text-slate-700',
  'self-reported': 'bg-slate-100 text-slate-700',
  invalid: 'bg-red-100 text-red-800',
  revoked: 'bg-red-100 text-red-800',
  suspended: 'bg-amber-100 text-amber-900',
  expired: 'bg-amber-100 text-amber-900',
  'not-yet-valid': 'bg-amber-100 text-amber-900',
  pass: 'bg-emerald-100 text-emerald-800',
  fail: 'bg-red-100 text-red-800',
  warn: 'bg-amber-100 text-amber-900',
  skipped: 'bg-slate-100 text-slate-600',
  overridden: 'bg-amber-100 text-amber-900',
};

/** A credential status or check result as a coloured pill; the word is always shown, never colour alone. */
export function StatusBadge({ status, className }: { status: string; className?: string }) {
  return <span className={cn('inline-block rounded-full px-2 py-0.5 text-xs font-medium', STYLES[status] ?? 'bg-slate-100 text-slate-700', className)}>{status}</span>;
}
