// A server action's arguments arrive as React's "reply" encoding. When every argument is plain data,
// React's client sends one JSON text (content-type text/plain); it switches to multipart as soon as an
// argument needs an outlined part (a File, a Map, a promise, FormData...). In that JSON a string
// starting with "$" is React syntax, and a typed "$" is escaped as "$$". A hand-made text body that
// holds a reference to a part (for example `[["$"]]` or `["$@1"]`) makes React's decoder wait for a
// part that never comes, and Next answers 500 before any of our code runs: so such bodies are refused
// in proxy.ts with a 400. Only the forms React resolves without a part are let through.

/** React reply strings that need no outlined part: escaped text, Infinity / -0 / -Infinity, NaN, undefined, dates. */
const SELF_CONTAINED_TAGS = new Set(['$', 'I', '-', 'N', 'u', 'D']);
/** React refuses BigInts over 300 digits; a non-numeric one throws in BigInt(). */
const BIGINT = /^-?\d{1,300}$/;

function problemWithString(value: string): string | null {
  if (value[0] !== '$') return null;
  const tag = value[1];
  if (tag !== undefined && SELF_CONTAINED_TAGS.has(tag)) return null;
  if (tag === 'n') return BIGINT.test(value.slice(2)) ? null : `"${value.slice(0, 40)}" is not a valid number reference`;
  return `"${value.slice(0, 40)}" refers to a part the request does not have`;
}

/**
 * Why a text (non-multipart) server-action body cannot be decoded, or null when it can: not JSON, or a
 * string that is a reference to an outlined part. Walks iteratively, so a 10,000-deep body is no
 * stack risk; only values are React syntax, not object keys.
 */
export function findMalformedActionReply(text: string): string | null {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return 'the arguments are not valid JSON';
  }
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      const problem = problemWithString(value);
      if (problem) return problem;
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (value !== null && typeof value === 'object') {
      for (const item of Object.values(value)) stack.push(item);
    }
  }
  return null;
}
