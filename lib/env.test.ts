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
    ['ELASTICSEARCH_SHARDS', '0'],
    ['ELASTICSEARCH_SHARDS', 'two'],
    ['ELASTICSEARCH_REPLICAS', '-1'],
    ['ELASTICSEARCH_REPLICAS', '1.5'],
  ])('an invalid %s fails with the variable named', (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(name));
  });

  test('Elasticsearch shards default to 1 and replicas to automatic (unset); both are whole numbers', () => {
    expect(parseEnv({}).ELASTICSEARCH_SHARDS).toBe(1);
    expect(parseEnv({}).ELASTICSEARCH_REPLICAS).toBeUndefined();
    expect(parseEnv({ ELASTICSEARCH_SHARDS: '3', ELASTICSEARCH_REPLICAS: '0' })).toMatchObject({ ELASTICSEARCH_SHARDS: 3, ELASTICSEARCH_REPLICAS: 0 });
    expect(parseEnv({ ELASTICSEARCH_SHARDS: '', ELASTICSEARCH_REPLICAS: '' }).ELASTICSEARCH_REPLICAS).toBeUndefined();
  });

  test('the server compresses its answers unless HTTP_COMPRESSION is off', () => {
    expect(parseEnv({}).HTTP_COMPRESSION).toBe('gzip');
    expect(parseEnv({ HTTP_COMPRESSION: 'off' }).HTTP_COMPRESSION).toBe('off');
    expect(() => parseEnv({ HTTP_COMPRESSION: 'brotli' })).toThrow(/HTTP_COMPRESSION/);
  });

  test('OIDC variables must come together', () => {
    expect(() => parseEnv({ OIDC_ISSUER: 'https://login.example.com' })).toThrow(/OIDC_CLIENT_ID/);
  });
});
