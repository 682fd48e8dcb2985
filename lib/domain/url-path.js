// @ts-check
// Whether a request path's %-escapes decode: the one rule for proxy.ts and the API's route wrapper
// (through findUrlProblem, lib/domain/request-url.ts) and for the Node server's early refusals
// (lib/runtime/early-refusals.js). Plain JavaScript because that preload runs before any TypeScript.

export const MALFORMED_ESCAPE_MESSAGE = 'The address has a malformed %-escape in its path.';

/** @param {string} segment */
function decodes(segment) {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether every segment of a path (still %-encoded, without its query) decodes.
 * @param {string} pathname
 */
export function pathDecodes(pathname) {
  return pathname.split('/').every(decodes);
}
