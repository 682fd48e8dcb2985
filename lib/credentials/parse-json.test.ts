import { describe, expect, test } from 'vitest';
import { decodeCompactJws, nestingDepth, parseJsonText } from './parse-json';

describe('nestingDepth', () => {
  test.each([
    ['{}', 1],
    ['[[[1]]]', 3],
    ['{"a":"{[{[ not structure"}', 1],
    ['{"a":"escaped quote \\" then [[["}', 1],
    ['{"a":"backslash at the end \\\\","b":[[2]]}', 3],
    ['{"a":"\\\\\\"[[[","b":[1]}', 2],
    ['[' + '"x",'.repeat(10) + '[[]]]', 3],
    ['{"unterminated":"[[[', 1],
  ])('%s -> %i', (text, depth) => {
    expect(nestingDepth(text)).toBe(depth);
  });

  test('stops past the limit and parseJsonText refuses it', () => {
    expect(nestingDepth('['.repeat(10_000), 64)).toBe(65);
    expect(parseJsonText('['.repeat(100) + ']'.repeat(100))).toMatchObject({ ok: false, reason: expect.stringMatching(/nested more than 64/) });
  });
});

describe('decodeCompactJws', () => {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  test('tokens with the same header share one frozen parsed header', () => {
    const header = b64({ alg: 'EdDSA', kid: 'did:key:z6Mk#z6Mk', jwk: { kty: 'OKP', crv: 'Ed25519', x: 'abc' } });
    const a = decodeCompactJws(`${header}.${b64({ n: 1 })}.sig`);
    const b = decodeCompactJws(`${header}.${b64({ n: 2 })}.sig`);
    if (!a.ok || !b.ok) throw new Error('expected both to decode');
    expect(b.header).toBe(a.header);
    expect(Object.isFrozen(a.header) && Object.isFrozen(a.header.jwk)).toBe(true);
    expect([a.payload, b.payload]).toEqual([{ n: 1 }, { n: 2 }]);
  });

  test('bad headers and payloads are reported, not thrown', () => {
    expect(decodeCompactJws(`${b64([1])}.${b64({})}.x`)).toEqual({ ok: false, reason: 'The JWS header is not a JSON object' });
    expect(decodeCompactJws(`bm90IGpzb24.${b64({})}.x`)).toEqual({ ok: false, reason: 'The JWS header is not base64url-encoded JSON' });
    expect(decodeCompactJws(`${b64({ alg: 'EdDSA' })}.${Buffer.from('[[[').toString('base64url')}.x`)).toMatchObject({ ok: false, reason: expect.stringMatching(/^The JWS payload: Not valid JSON/) });
  });
});
