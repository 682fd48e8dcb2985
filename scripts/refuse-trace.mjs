// Preloaded into the `next start` process (scripts/start.ts: node --import): TRACE is answered 405
// before Next, which cannot build a Request for it (lib/runtime/refuse-trace.js).
import http from 'node:http';
import { env } from '../lib/env.js';
import { installTraceRefusal } from '../lib/runtime/refuse-trace.js';

installTraceRefusal(http.Server.prototype, { publicUrl: env.NEXTAUTH_URL });
