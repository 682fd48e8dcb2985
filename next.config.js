// Importing the env schema here makes a bad environment fail `next build` and `next start`
// with the variable's name, before any request is served.
import './lib/env.js';

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', '@elastic/elasticsearch', 'jsonld', 'rdf-canonize'],
  // Several developers (or agents) may build one checkout at once; each can point at its own output folder.
  // Read here directly because next.config.js is loaded before the app and the env schema permits tooling reads.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
