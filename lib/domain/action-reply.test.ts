import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findMalformedActionReply, findMalformedFormAction, findMalformedMultipartActionReply } from './action-reply';

describe('findMalformedActionReply', () => {
  it.each([
    ['[]'],
    ['[{"a":1,"b":[true,null,"text"]}]'],
    ['["$$escaped dollar"]'],
    ['["$I","$-0","$-Infinity","$N","$u"]'],
    ['["$D2026-12-03T14:00:00.000Z"]'],
    ['["$n12345678901234567890","$n-5"]'],
    ['[{"$1":"keys are not references"}]'],
    // An object met twice: React's client writes the second as a path to the first.
    ['[{"a":{"b":1}},"$0:0:a"]'],
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
    ['null', 'not a list'],
    ['{"length":1}', 'not a list'],
    ['"$$text"', 'not a list'],
    ['[{"a":1},"$0:2"]', 'does not have'],
    ['[{"a":1},"$0:1"]', 'refers to itself'],
    ['[{"a":"$0:0"}]', 'refers to itself'],
    ['["$0"]', 'refers to itself'],
    ['', 'not valid JSON'],
  ])('refuses %s', (body, message) => {
    expect(findMalformedActionReply(body)).toContain(message);
  });

  it('refuses a body nested deeper than 100 levels (each check then walks at most 100 places: a 1 MB body is no CPU sink)', () => {
    const deep = '['.repeat(100) + '"$@1"' + ']'.repeat(100);
    expect(findMalformedActionReply(deep)).toContain('refers to a part');
    expect(findMalformedActionReply('['.repeat(101) + '0' + ']'.repeat(101))).toContain('nested deeper than 100');
    // Before the limit, copying each value's key path made deep bodies quadratic: 20,000 levels took 3 s.
    expect(findMalformedActionReply('['.repeat(400_000) + '0' + ']'.repeat(400_000))).toContain('nested deeper than 100');
    // A wide body at the limit, every leaf a self-path reference checked against its place.
    const leaf = '['.repeat(99) + '"$0:0:a"' + ']'.repeat(99);
    expect(findMalformedActionReply(`[{"a":1},${Array.from({ length: 2_000 }, () => leaf).join(',')}]`)).toBeNull();
  });

  it('any list of JSON arguments with every "$"-string escaped (as React writes them) passes', () => {
    const escape = (v: unknown): unknown =>
      typeof v === 'string' ? (v.startsWith('$') ? `$${v}` : v) : Array.isArray(v) ? v.map(escape) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escape(x)])) : v;
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 4 }), (args) => {
        expect(findMalformedActionReply(JSON.stringify(escape(args)))).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

describe('findMalformedMultipartActionReply', () => {
  const file = new File(['%PDF'], 'x.pdf');
  const parts = (...entries: [string, string | File][]): [string, FormDataEntryValue][] => entries;

  it.each([
    ['a form argument (React: "$K1" and its 1_ fields)', parts(['1_name', 'Data leads'], ['1_notify', 'on'], ['0', '[{"ok":true,"message":""},"$K1"]'])],
    ['a form with a file', parts(['1_file', file], ['0', '["$K1"]'])],
    ['a file argument', parts(['1', file], ['0', '["$B1"]'])],
    ['an outlined part sent before the root', parts(['1', '{"a":[1,2]}'], ['0', '["$1", "$1:a:1"]'])],
    ['a path through an earlier part', parts(['2', '{"deep":true}'], ['1', '{"a":"$2"}'], ['0', '["$1:a:deep"]'])],
    ['a root 100 levels deep', parts(['0', '['.repeat(100) + '"$$x"' + ']'.repeat(100)])],
  ])('lets %s through', (_, entries) => {
    expect(findMalformedMultipartActionReply(entries)).toBeNull();
  });

  // Each of these made Next answer 500 before this check (seen against the running app).
  it.each([
    ['no root row', parts(['1', '"x"']), 'part 0'],
    ['a root that is not JSON', parts(['0', '[1,']), 'not valid JSON'],
    ['a root that is not a list', parts(['0', 'null']), 'not a list'],
    ['a part nested deeper than 100 levels', parts(['1', '['.repeat(101) + '0' + ']'.repeat(101)], ['0', '["$1"]']), 'part 1 is nested deeper'],
    ['a reference to a part the body lacks', parts(['0', '["$1"]']), 'does not have'],
    ['a reference to a part sent after the root', parts(['0', '["$1"]'], ['1', '{"a":1}']), 'sent after'],
    ['a path the part does not hold', parts(['1', '{"a":1}'], ['0', '["$1:b"]']), 'does not have'],
    ['a path through a value that is not an object', parts(['1', '{"a":"$$x"}'], ['0', '["$1:a:b"]']), 'not an object'],
    ['a blob reference to a text part', parts(['1', 'text'], ['0', '["$B1"]']), 'file'],
    ['a blob reference to nothing', parts(['0', '["$B1"]']), 'file'],
    ['a part that is not JSON', parts(['1', '{'], ['0', '["$1"]']), 'part 1 is not valid JSON'],
    ['a part sent twice', parts(['1', '1'], ['1', '2'], ['0', '["$1"]']), 'twice'],
    ['a Map of a non-entry list', parts(['1', '[1,2]'], ['0', '["$Q1"]']), 'kind of value'],
    ['a promise, a stream or a server function', parts(['1', '1'], ['0', '["$@1","$R1","$h1"]']), 'kind of value'],
    ['a typed array', parts(['1', file], ['0', '["$A1"]']), 'kind of value'],
    ['a part referring to a file as data', parts(['1', file], ['0', '["$1"]']), 'file'],
  ])('refuses %s', (_, entries, message) => {
    expect(findMalformedMultipartActionReply(entries)).toContain(message);
  });

  it('a chain of parts each referring to the one before is fine; one referring forward is not', () => {
    const chain = Array.from({ length: 50 }, (_, i): [string, string] => [String(i + 1), i === 0 ? '{"v":1}' : `{"prev":"$${i.toString(16)}"}`]);
    expect(findMalformedMultipartActionReply([...chain, ['0', `["$${(50).toString(16)}"]`]])).toBeNull();
    const forward = chain.map(([k], i): [string, string] => [k, i === chain.length - 1 ? '{"v":1}' : `{"next":"$${(i + 2).toString(16)}"}`]);
    expect(findMalformedMultipartActionReply([...forward, ['0', '["$1"]']])).toContain('sent after');
  });

  it('what React itself encodes passes: any JSON arguments with escaped strings, with or without a form', () => {
    const escape = (v: unknown): unknown =>
      typeof v === 'string' ? (v.startsWith('$') ? `$${v}` : v) : Array.isArray(v) ? v.map(escape) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escape(x)])) : v;
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })), (args, fields) => {
        const form = Object.entries(fields).map(([k, v]): [string, string] => [`1_${k}`, v]);
        expect(findMalformedMultipartActionReply([...form, ['0', JSON.stringify([...args.map(escape), '$K1'])]])).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});

describe('findMalformedFormAction (a form posted without JavaScript)', () => {
  const id = '60c3b4da583af32f96a1fa7e2e5cb32d89123c3f94';
  const form = (...entries: [string, string][]): [string, FormDataEntryValue][] => entries;

  it.each([
    ['an action named by id', form([`$ACTION_ID_${id}`, ''], ['name', 'x'])],
    ['no action at all (a plain form post)', form(['name', 'x'])],
    ['a bound action, its arguments after its metadata (as rendered)', form(['$ACTION_REF_1', ''], ['$ACTION_1:0', JSON.stringify({ id, bound: '$@1' })], ['$ACTION_1:1', '["a",{"b":"$$c"}]'], ['$ACTION_KEY', 'k'], ['name', 'x'])],
    ['a bound action with no bound arguments', form(['$ACTION_REF_2', ''], ['$ACTION_2:0', JSON.stringify({ id, bound: null })])],
  ])('lets %s through', (_, entries) => {
    expect(findMalformedFormAction(entries)).toBeNull();
  });

  // The last four made Next answer 500 (seen against the running app).
  it.each([
    ['a bound action without its metadata', form(['$ACTION_REF_1', '']), 'missing'],
    ['metadata that is not JSON', form(['$ACTION_REF_1', ''], ['$ACTION_1:0', '{']), 'not valid JSON'],
    ['metadata without an id', form(['$ACTION_REF_1', ''], ['$ACTION_1:0', '{"bound":null}']), 'id'],
    ['bound arguments that are not a list', form(['$ACTION_REF_1', ''], ['$ACTION_1:0', JSON.stringify({ id, bound: 5 })]), 'not a list'],
    ['bound arguments missing', form(['$ACTION_REF_1', ''], ['$ACTION_1:0', JSON.stringify({ id, bound: '$@5' })]), 'does not have'],
    ['bound arguments that are a Map', form(['$ACTION_REF_1', ''], ['$ACTION_1:0', JSON.stringify({ id, bound: '$@1' })], ['$ACTION_1:1', '["$Q9"]']), 'kind of value'],
    ['bound arguments holding a promise', form(['$ACTION_REF_1', ''], ['$ACTION_1:0', JSON.stringify({ id, bound: '$@1' })], ['$ACTION_1:1', '["$@2"]'], ['$ACTION_1:2', '[]']), 'kind of value'],
    ['parts referring to each other', form(['$ACTION_REF_1', ''], ['$ACTION_1:0', JSON.stringify({ id, bound: '$@1' })], ['$ACTION_1:1', '["$2"]'], ['$ACTION_1:2', '{"a":"$1"}']), 'refer to each other'],
  ])('refuses %s', (_, entries, message) => {
    expect(findMalformedFormAction(entries)).toContain(message);
  });
});
