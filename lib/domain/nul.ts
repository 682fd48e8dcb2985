// Postgres refuses the NUL character (\0) in text and jsonb, so any value that reaches a query
// with one fails there as a 500 or a 503 (issue 12). Request edges refuse it up front: URLs in
// proxy.ts / apiRoute (findUrlProblem), JSON and multipart bodies in lib/api/route.ts, uploaded
// documents in the verifier, and already-parsed queries (saved searches, server actions) here.

/** The path (`filters.department.0`) of the first string or key holding a NUL, or null. Iterative. */
export function findNulPath(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\0')) return path || '_';
    } else if (Array.isArray(current)) {
      current.forEach((item, i) => stack.push([item, path ? `${path}.${i}` : String(i)]));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        const next = path ? `${path}.${key}` : key;
        if (key.includes('\0')) return next;
        stack.push([item, next]);
      }
    }
  }
  return null;
}
