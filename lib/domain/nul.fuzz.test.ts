// Property-based fuzzing (fast-check) of the NUL check proxy.ts runs on every server-action and form
// body (issue 12): a NUL anywhere in any field, in every encoding a browser or React sends, is found
// and named; bodies without one pass untouched, whatever else they hold. Seeded, so failures reproduce.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { findNulInFormBody, findNulPath } from './nul';

const FUZZ = { seed: 17, numRuns: 200 };
const encoder = new TextEncoder();

/** Text a field may hold: anything but NUL (unicode, binary-ish, escapes written out, quotes). */
const clean = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom('\\u0000', '%00', '"', '\\', '$K1', '')).map((s) => s.replaceAll('\0', ''));
/** The same with a NUL put somewhere in it. */
const withNul = fc.tuple(clean, fc.nat()).map(([s, at]) => {
  const i = at % (s.length + 1);
  return `${s.slice(0, i)}\0${s.slice(i)}`;
});
const fieldName = fc.constantFrom('name', 'note', 'tags', 'params', 'reason', 'email', 'department', 'title');

async function multipart(fields: [string, string][]): Promise<{ type: string; body: Uint8Array }> {
  const form = new FormData();
  // React's reply for (prevState, formData): row 0 is the JSON arguments, form fields are prefixed 1_.
  form.append('0', JSON.stringify([{ ok: true, message: '' }, '$K1']));
  for (const [k, v] of fields) form.append(`1_${k}`, v);
  const res = new Response(form);
  return { type: res.headers.get('content-type')!, body: new Uint8Array(await res.arrayBuffer()) };
}

describe('findNulInFormBody', () => {
  test('a NUL in any multipart field is found and the field named; clean fields pass', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fieldName, clean), { maxLength: 6 }), fieldName, withNul, fc.nat(), async (others, name, value, at) => {
        const fields = [...others];
        fields.splice(at % (fields.length + 1), 0, [name, value]);
        const { type, body } = await multipart(fields);
        expect(await findNulInFormBody(type, body)).toBe(name);
        const cleanBody = await multipart(others);
        expect(await findNulInFormBody(cleanBody.type, cleanBody.body)).toBeNull();
      }),
      FUZZ,
    );
  });

  test('an urlencoded form (%00) and a JSON reply (\\u0000 or raw) are read the same way', async () => {
    await fc.assert(
      fc.asyncProperty(fieldName, withNul, clean, async (name, value, other) => {
        const urlencoded = new URLSearchParams([['other', other], [name, value]]).toString();
        expect(await findNulInFormBody('application/x-www-form-urlencoded', encoder.encode(urlencoded))).toBe(name);
        const reply = JSON.stringify([{ [name]: value, other }]);
        expect(await findNulInFormBody('text/plain;charset=UTF-8', encoder.encode(reply))).toBe(`0.${name}`);
        expect(await findNulInFormBody('text/plain;charset=UTF-8', encoder.encode(JSON.stringify([{ [name]: other }])))).toBeNull();
      }),
      FUZZ,
    );
  });

  test('an escaped NUL in React\'s JSON argument rows of a multipart body is found; the text "\\u0000" typed into a field is not a NUL', async () => {
    for (const row of ['0', '_1_$ACTION_7:1']) {
      const form = new FormData();
      form.append('_1_name', 'fine');
      form.append(row, JSON.stringify([{ message: 'a\0b' }]));
      const res = new Response(form);
      expect(await findNulInFormBody(res.headers.get('content-type')!, new Uint8Array(await res.arrayBuffer()))).toBe('0.message');
    }
    const bound = new FormData();
    bound.append('_1_note', 'a\0b');
    const boundRes = new Response(bound);
    expect(await findNulInFormBody(boundRes.headers.get('content-type')!, new Uint8Array(await boundRes.arrayBuffer()))).toBe('note');
    const typed = await multipart([['note', 'see \\u0000 in the spec']]);
    expect(await findNulInFormBody(typed.type, typed.body)).toBeNull();
  });

  test('unparseable bodies never throw: a raw NUL is still found', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), fc.constantFrom('multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'text/plain', ''), async (bytes, type) => {
        const found = await findNulInFormBody(type, bytes);
        if (found === null) expect(findNulPath(new TextDecoder().decode(bytes))).toBeNull();
      }),
      FUZZ,
    );
  });
});
