import { expect, test } from 'vitest';
import { ownValue, pushOwn } from './own-value';

test.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'])('ownValue ignores the inherited %s', (key) => {
  const labels: Record<string, string> = { data: 'Data' };
  expect(ownValue(labels, key)).toBeUndefined();
  expect(ownValue(labels, 'data')).toBe('Data');
  expect(ownValue(undefined, key)).toBeUndefined();
});

test('pushOwn makes an own list even for prototype names, and appends to it', () => {
  const out: Record<string, string[]> = {};
  for (const key of ['constructor', '__proto__', 'toString', 'constructor']) pushOwn(out, key, `bad ${key}`);
  expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  expect(Object.keys(out)).toEqual(['constructor', '__proto__', 'toString']);
  expect(out.constructor).toEqual(['bad constructor', 'bad constructor']);
  expect(JSON.parse(JSON.stringify(out))).toMatchObject({ toString: ['bad toString'] });
});
