'use client';
// A sidebar on wide screens, a drawer on narrow ones (below Tailwind's `lg`, 1024 px): the same
// children, rendered once. On a phone the sidebar would otherwise sit after everything else (the
// search facets were 5,700 px down, after all results); here a button opens them over the page as a
// modal dialog: focus moves into it, Tab stays inside, Escape or "Show results" closes it and focus
// returns to the button. Links inside close it too, so choosing a filter shows the new results.
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { cn } from './cn';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function SideDrawer({
  title,
  openLabel,
  activeCount = 0,
  closeLabel = 'Show results',
  className,
  children,
}: {
  /** The drawer's heading (also its accessible name). */
  title: string;
  /** The text of the button that opens it on narrow screens. */
  openLabel: string;
  /** How many choices inside are in force, shown on the button so a closed drawer still tells. */
  activeCount?: number;
  closeLabel?: string;
  className?: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const panel = useRef<HTMLDivElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const el = panel.current;
    el?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    // The page behind does not scroll while the drawer covers it.
    const overflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    // Growing past `lg` while open turns the drawer back into the sidebar.
    const wide = window.matchMedia('(min-width: 1024px)');
    const onWide = () => wide.matches && setOpen(false);
    wide.addEventListener('change', onWide);
    return () => {
      document.body.style.overflow = overflow;
      wide.removeEventListener('change', onWide);
    };
  }, [open]);

  const close = () => {
    setOpen(false);
    opener.current?.focus();
  };

  return (
    <>
      <button
        ref={opener}
        type="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen(true)}
        className="inline-flex w-full items-center justify-center gap-2 rounded-md border border-slate-300 bg-white px-3.5 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 lg:hidden"
      >
        {openLabel}
        {activeCount > 0 && (
          <span className="rounded-full bg-brand-600 px-2 py-0.5 text-xs text-white">
            {activeCount}
            <span className="sr-only"> in use</span>
          </span>
        )}
      </button>
      <div
        ref={panel}
        id={`${id}-panel`}
        role={open ? 'dialog' : undefined}
        aria-modal={open || undefined}
        aria-labelledby={open ? `${id}-title` : undefined}
        className={cn(open ? 'fixed inset-0 z-40 overflow-y-auto bg-slate-50 p-4' : 'hidden lg:block', className)}
        onKeyDown={(e) => {
          if (!open) return;
          if (e.key === 'Escape') {
            e.preventDefault();
            close();
          } else if (e.key === 'Tab') {
            // Keep Tab inside the dialog: from the last control back to the first, and the reverse.
            const items = Array.from(panel.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []).filter((el) => el.offsetParent !== null);
            const first = items[0];
            const last = items[items.length - 1];
            if (!first || !last) return;
            if (e.shiftKey && document.activeElement === first) {
              e.preventDefault();
              last.focus();
            } else if (!e.shiftKey && document.activeElement === last) {
              e.preventDefault();
              first.focus();
            }
          }
        }}
        onClick={(e) => {
          // Choosing a filter (a link) navigates: show its results rather than the drawer.
          if (open && (e.target as HTMLElement).closest('a[href]')) setOpen(false);
        }}
      >
        {open && (
          <div className="mb-4 flex items-center justify-between gap-3">
            <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
              {title}
            </h2>
            <button type="button" onClick={close} className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700">
              {closeLabel}
            </button>
          </div>
        )}
        {children}
      </div>
    </>
  );
}
