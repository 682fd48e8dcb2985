import { describe, expect, test } from 'vitest';
import { parseEnv } from './env.js';

describe('environment schema', () => {
  test('defaults describe the embedded mode', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.ELASTICSEARCH_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(env.SEED_PEOPLE).toBe(2000);
  });

  test('empty strings count as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', PORT: '' }).DATABASE_URL).toBeUndefined();
  });

  test.each([
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['ELASTICSEARCH_URL', 'not a url'],
    ['NEXTAUTH_SECRET', 'short'],
  ])('an invalid %s fails with the variable named', (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(name));
  });

  test('OIDC variables must come together', () => {
    expect(() => parseEnv({ OIDC_ISSUER: 'https://login.example.com' })).toThrow(/OIDC_CLIENT_ID/);
  });
});
