'use client';
// Controls that React drives (a `value` or `checked` kept in state) must not be used before the page
// has hydrated: a change made in that window is overwritten by the first re-render (any effect that
// sets state on mount triggers one), so the form submits what React thought, not what the user chose.
// A shortlist stage picked a moment too early was saved as the old stage and "Saved." was shown.
// See https://github.com/facebook/react/issues/26974 (fixed only behind a React flag).
import { useSyncExternalStore, type ReactNode } from 'react';
import { cn } from './cn';

const subscribe = () => () => {};

/** False while rendering on the server and during hydration; true once the client has taken over. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

/**
 * Wraps a form's controls: disabled (so neither clicks nor typing land) until the page has hydrated.
 * `display: contents`, so it does not change the form's layout.
 */
export function HydratedFieldset({ children, className }: { children: ReactNode; className?: string }) {
  const hydrated = useHydrated();
  return (
    <fieldset disabled={!hydrated} className={cn('contents', className)}>
      {children}
    </fieldset>
  );
}
