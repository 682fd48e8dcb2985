'use client';
// zod 4 probes whether it may compile parsers with `new Function` the first time it parses an object
// in the browser. Under our CSP (no 'unsafe-eval', see lib/security/security-headers.js) the probe is
// refused and reported as a violation, and zod falls back to its interpreter anyway. Saying so up
// front keeps the browser's CSP reports meaningful. Rendered once from the root layout, so it is
// evaluated with the page's first client modules, before any component parses.
import { z } from 'zod';

z.config({ jitless: true });

export function CspSafeZod(): null {
  return null;
}
