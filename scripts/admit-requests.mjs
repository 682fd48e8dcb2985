// Preloaded into the `next start` process (scripts/start.ts: node --import): admission control for
// every HTTP server of the process, before Next sees a request (lib/runtime/request-admission.js).
// MAX_CONCURRENT_REQUESTS sets the limit (0: off).
import http from 'node:http';
import { env } from '../lib/env.js';
import { installRequestAdmission } from '../lib/runtime/request-admission.js';

installRequestAdmission(http.Server.prototype, { limit: env.MAX_CONCURRENT_REQUESTS, publicUrl: env.NEXTAUTH_URL });
