// Importing the env schema here makes a bad environment fail `next build` and `next start`
// with the variable's name, before any request is served.
import { env } from './lib/env.js';
import { SERVER_ACTION_BODY_LIMIT_BYTES } from './lib/security/request-limits.js';
import { HSTS_VALUE, NON_PAGE_CSP, STATIC_SECURITY_HEADERS, servedOverHttps } from './lib/security/security-headers.js';

const hsts = [{ key: 'Strict-Transport-Security', value: HSTS_VALUE }];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  // piscina loads its worker files (and ours, lib/runtime/cpu-worker.mjs) from disk at run time.
  serverExternalPackages: ['@electric-sql/pglite', '@electric-sql/pglite-socket', 'pg', '@elastic/elasticsearch', 'jsonld', 'rdf-canonize', 'piscina'],
  // Several developers (or agents) may build one checkout at once; each can point at its own output folder.
  // Read here directly because next.config.js is loaded before the app and the env schema permits tooling reads.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // The API is served from pages/api (lib/api/pages-api.ts), whose bundles load node_modules from disk;
  // loaded that way `server-only` throws. Bundled, Next resolves it to its empty server module, and
  // the browser's bundles still get the throwing one.
  transpilePackages: ['server-only'],
  // gzip by default; HTTP_COMPRESSION=off when a proxy in front compresses (lib/env.js).
  compress: env.HTTP_COMPRESSION === 'gzip',
  // Stated here so that proxy.ts (which answers 413 above it) and Next agree on the limit.
  experimental: { serverActions: { bodySizeLimit: SERVER_ACTION_BODY_LIMIT_BYTES } },
  typedRoutes: false,
  // Security headers on every response (pages also get their nonce CSP from proxy.ts). HSTS only when
  // the request came over https: through a TLS-terminating proxy (X-Forwarded-Proto) or a public
  // https NEXTAUTH_URL; a browser told to use https for localhost would lock itself out of the demo.
  async headers() {
    return [
      { source: '/:path*', headers: STATIC_SECURITY_HEADERS },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: NON_PAGE_CSP }] },
      { source: '/_next/static/:path*', headers: [{ key: 'Content-Security-Policy', value: NON_PAGE_CSP }] },
      servedOverHttps(undefined, env.NEXTAUTH_URL)
        ? { source: '/:path*', headers: hsts }
        : { source: '/:path*', has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }], headers: hsts },
    ];
  },
};

export default nextConfig;
