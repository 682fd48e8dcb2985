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

/**
 * Where a server-action (or form) body holds a NUL, or null: the field name (React's reply prefix such
 * as `1_` dropped) or `_`. Reads what browsers and React send: multipart fields (raw text, and the
 * JSON rows React encodes arguments into), urlencoded forms (%00) and a plain JSON reply (`\u0000`).
 * Bodies are at most the server-action limit (1 MB), checked before this is called.
 */
export async function findNulInFormBody(contentType: string, body: Uint8Array): Promise<string | null> {
  const type = contentType.toLowerCase();
  if (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')) {
    let form: FormData;
    try {
      form = await new Response(body as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType } }).formData();
    } catch {
      // Not parseable as a form: the action will refuse it; only a raw NUL is ours to answer.
      return body.includes(0) ? '_' : null;
    }
    for (const [name, value] of form) {
      // React prefixes a FormData argument's fields with its row (`1_name`, or `_1_name` for a bound action).
      const field = name.replace(/^_?\d+_/, '').slice(0, 60) || '_';
      if (name.includes('\0')) return field;
      if (typeof value !== 'string') continue;
      if (value.includes('\0')) return field;
      // React's reply rows ("0", "1", ... and a bound action's "$ACTION_7:1") are JSON: an argument
      // may carry an escaped \u0000. Other fields are text as typed, where "\u0000" is six characters.
      if (/^\d+$/.test(name) || /^\$ACTION_\d+:\d+$/.test(field)) {
        const inRow = nulInJsonText(value);
        if (inRow) return inRow;
      }
    }
    return null;
  }
  const text = new TextDecoder().decode(body);
  return nulInJsonText(text) ?? (text.includes('\0') ? '_' : null);
}

function nulInJsonText(text: string): string | null {
  if (!text.includes('\0') && !/\\u0000/i.test(text)) return null;
  try {
    return findNulPath(JSON.parse(text) as unknown);
  } catch {
    return text.includes('\0') ? '_' : null;
  }
}
