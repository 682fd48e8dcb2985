import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findMalformedActionReply } from './action-reply';

describe('findMalformedActionReply', () => {
  it.each([
    ['[]'],
    ['[{"a":1,"b":[true,null,"text"]}]'],
    ['["$$escaped dollar"]'],
    ['["$I","$-0","$-Infinity","$N","$u"]'],
    ['["$D2026-12-03T14:00:00.000Z"]'],
    ['["$n12345678901234567890","$n-5"]'],
    ['[{"$1":"keys are not references"}]'],
  ])('lets %s through', (body) => {
    expect(findMalformedActionReply(body)).toBeNull();
  });

  it.each([
    ['[["$"]]', 'refers to a part'],
    ['["$@1"]', 'refers to a part'],
    ['["$1"]', 'refers to a part'],
    ['[{"a":["$Q2"]}]', 'refers to a part'],
    ['["$hffff"]', 'refers to a part'],
    ['["$K1"]', 'refers to a part'],
    ['["$B3"]', 'refers to a part'],
    ['["$T"]', 'refers to a part'],
    ['["$nabc"]', 'not a valid number'],
    [`["$n${'9'.repeat(301)}"]`, 'not a valid number'],
    ['[["$"', 'not valid JSON'],
    ['', 'not valid JSON'],
  ])('refuses %s', (body, message) => {
    expect(findMalformedActionReply(body)).toContain(message);
  });

  it('walks a 10,000-deep body without overflowing the stack', () => {
    const deep = '['.repeat(10_000) + '"$@1"' + ']'.repeat(10_000);
    expect(findMalformedActionReply(deep)).toContain('refers to a part');
  });

  it('any JSON without "$"-strings passes, and escaping every string keeps it passing', () => {
    const escape = (v: unknown): unknown =>
      typeof v === 'string' ? (v.startsWith('$') ? `$${v}` : v) : Array.isArray(v) ? v.map(escape) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escape(x)])) : v;
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(findMalformedActionReply(JSON.stringify(escape(value)))).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
