// Test helpers: the shared fixtures read in place, and a loopback HTTP server that plays
// https://example.org/ for the OB 2.0 assets (as the 1EdTech validator's own tests do).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createCredentialLoader, type CredentialLoader } from '../../lib/credentials/loader';

export const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/credentials');
export const VALIDATOR = path.join(FIXTURES, '1edtech-validator');
export const SPEC = path.join(FIXTURES, '1edtech-spec');
export const OB2_ASSETS = path.join(VALIDATOR, 'ob20/assets');

/** Expected outcomes in the fixtures README assume "now" between 2025 and 2030. */
export const NOW = new Date('2026-06-01T00:00:00Z');

export function fixture(relative: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FIXTURES, relative)));
}

export function fixtureJson(relative: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FIXTURES, relative), 'utf8')) as Record<string, unknown>;
}

type Route = { status: number; body?: Uint8Array | string; contentType?: string; location?: string; hang?: boolean };

export type AssetServer = {
  origin: string;
  /** Override what a path answers (e.g. the hosted assertion under test, or HTTP 410). */
  route(pathname: string, route: Route): void;
  reset(): void;
  requests: string[];
  close(): Promise<void>;
};

export async function startAssetServer(): Promise<AssetServer> {
  const routes = new Map<string, Route>();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(pathname);
    const route = routes.get(pathname);
    if (route?.hang) return; // never answers: for timeouts
    if (route) {
      res.writeHead(route.status, { 'content-type': route.contentType ?? 'application/json', ...(route.location ? { location: route.location } : {}) });
      return void res.end(route.body ?? '');
    }
    const file = path.join(OB2_ASSETS, pathname);
    if (!file.startsWith(OB2_ASSETS + path.sep)) return void res.writeHead(400).end();
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': file.endsWith('.png') ? 'image/png' : 'application/json' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    route: (pathname, route) => void routes.set(pathname, route),
    reset: () => routes.clear(),
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The loader the fixture tests use: example.org goes to the loopback server (loopback allowed,
 * as CREDENTIALS_ALLOW_LOOPBACK does for tests); the 1EdTech status list URL goes to its local file.
 */
export function fixtureLoader(server: AssetServer, extra: Record<string, string> = {}, options: { timeoutMs?: number } = {}): CredentialLoader {
  return createCredentialLoader({
    allowLoopback: true,
    allowPrivate: false,
    // Tests never reach the internet: only the resolver map's files and the loopback server.
    offline: true,
    cacheTtlMs: 0,
    timeoutMs: options.timeoutMs ?? 2_000,
    resolverMap: {
      'https://example.org/': `${server.origin}/`,
      'http://example.org/': `${server.origin}/`,
      'https://www.example.org/': `${server.origin}/`,
      'https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist': path.join(VALIDATOR, 'ob30/bit-string-list/testlist'),
      ...extra,
    },
  });
}
