// next.config.js reads HTTP_COMPRESSION through the env schema when the server starts: Next's
// `compress` follows it (on by default).
import { afterEach, describe, expect, test, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function loadConfig(): Promise<{ compress?: boolean }> {
  vi.resetModules();
  return ((await import('../next.config.js')) as { default: { compress?: boolean } }).default;
}

describe('next.config.js', () => {
  test('compresses answers by default', async () => {
    vi.stubEnv('HTTP_COMPRESSION', '');
    expect((await loadConfig()).compress).toBe(true);
  });

  test('leaves compression to a proxy in front when HTTP_COMPRESSION=off', async () => {
    vi.stubEnv('HTTP_COMPRESSION', 'off');
    expect((await loadConfig()).compress).toBe(false);
  });
});
