// Preloaded into the `next start` process (scripts/start.ts: node --import): TRACE (405) and API paths
// whose %-escapes do not decode (400) are answered before Next, which cannot route them
// (lib/runtime/early-refusals.js).
import http from 'node:http';
import { env } from '../lib/env.js';
import { installEarlyRefusals } from '../lib/runtime/early-refusals.js';

installEarlyRefusals(http.Server.prototype, { publicUrl: env.NEXTAUTH_URL });
