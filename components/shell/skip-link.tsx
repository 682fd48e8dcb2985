/**
 * The first thing a keyboard user reaches on every page: jumps past the navigation to the page's
 * own content (WCAG 2.4.1 Bypass Blocks). Hidden until it has focus.
 */
export function SkipLink({ target = 'main' }: { target?: string }) {
  return (
    <a
      href={`#${target}`}
      className="sr-only z-50 rounded-md bg-white px-4 py-2 text-sm font-medium text-brand-700 shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
    >
      Skip to main content
    </a>
  );
}
