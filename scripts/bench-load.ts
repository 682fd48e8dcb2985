// `npm run bench:load -- [--url http://127.0.0.1:3000] [--concurrency 50] [--seconds 60] [--warmup 5] [--mix search=70,profile=25,import=5] [--server-pid N]`
// A load benchmark (not a test): drives an already running Skillproof server with a mix of searches
// (POST /api/v1/search), profile views (GET /people/[id], a full server render) and imports
// (POST /api/v1/credentials, each a new credential signed with the demo issuers' keys: half Data
// Integrity eddsa-rdfc-2022, half VC-JWT), while a probe reads /api/health twice a second. Prints
// requests/s, errors and p50/p95/p99 overall and per kind, and the health check's latency.
// The same mix runs --warmup seconds first, at the same concurrency, and is not counted but for its
// errors: the figures describe the steady state, not the burst of every client's first request at
// once (a lone health probe sent with that burst waited 0.9-2.3 s behind it; printed apart).
// It starts nothing itself, signs in once through the real sign-in route (demo recruiter by default;
// --email/--password or BENCH_EMAIL/BENCH_PASSWORD), and only talks to loopback addresses. Every
// loop is bounded by the deadline and by --max-requests. With --server-pid (the `next-server` process)
// it also prints the server's CPU time per request, all threads and the main thread (Linux /proc).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { parseArgs } from 'node:util';
import { gunzipSync, inflateSync } from 'node:zlib';
import { z } from 'zod';
import { env } from '../lib/env.js';
import { signDataIntegrity, signVcJwt } from '../lib/credentials/issue';
import { buildCatalog } from '../lib/seed/catalog';
import { demoIssuerKeys } from '../lib/seed/import-catalog';

const KINDS = ['search', 'profile', 'import'] as const;
type Kind = (typeof KINDS)[number];

const optionsSchema = z.object({
  url: z.string().url(),
  concurrency: z.coerce.number().int().min(1).max(500),
  seconds: z.coerce.number().min(1).max(3600),
  warmup: z.coerce.number().min(0).max(600),
  mix: z.string().regex(/^(search|profile|import)=\d+(,(search|profile|import)=\d+)*$/, '--mix looks like search=70,profile=25,import=5'),
  email: z.string().email(),
  password: z.string().min(1),
  'max-requests': z.coerce.number().int().min(1).max(10_000_000),
  'import-pool': z.coerce.number().int().min(0).max(20_000),
  'server-pid': z.coerce.number().int().min(1).optional(),
});

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

type Sample = { kind: Kind | 'health'; ms: number; ok: boolean; status: number; at?: number };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const fmt = (ms: number) => (Number.isNaN(ms) ? '-' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/**
 * One answer, read whole. The body is kept as sent (compressed when the server compressed it): the
 * benchmark only needs the status, and decompressing every profile page would spend the client's
 * share of the two cores it shares with the server. `text()` decompresses for the few reads that look
 * inside (sign-in, the skills and people to ask for).
 */
class Reply {
  constructor(
    readonly status: number,
    readonly headers: http.IncomingHttpHeaders,
    readonly raw: Buffer,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  text(): string {
    const encoding = String(this.headers['content-encoding'] ?? '').trim().toLowerCase();
    const bytes = encoding === 'gzip' ? gunzipSync(this.raw) : encoding === 'deflate' ? inflateSync(this.raw) : this.raw;
    return bytes.toString('utf8');
  }

  json(): unknown {
    return JSON.parse(this.text());
  }
}

/**
 * HTTP/1.1 with kept-alive connections, on node:http rather than fetch: undici's fetch (streams,
 * Headers, decompression) cost the client about as much CPU a request as the server's main thread,
 * on the same two cores, so the client held the server back. The requests are the same as a browser's:
 * `accept-encoding: gzip, deflate`, so the server still compresses what it would compress for people.
 */
function createRequester(base: URL) {
  const transport = base.protocol === 'https:' ? https : http;
  const agent = new transport.Agent({ keepAlive: true, maxSockets: Infinity });
  return (path: string, init: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {}): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const body = init.body === undefined ? undefined : Buffer.from(init.body);
      const req = transport.request(
        new URL(path, base),
        {
          agent,
          method: init.method ?? 'GET',
          headers: { 'accept-encoding': 'gzip, deflate', ...(body ? { 'content-length': String(body.length) } : {}), ...init.headers },
          timeout: init.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve(new Reply(res.statusCode ?? 0, res.headers, Buffer.concat(chunks))));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${init.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body);
    });
}

type Requester = ReturnType<typeof createRequester>;

class Session {
  private cookies = new Map<string, string>();
  constructor(private readonly send: Requester) {}

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  remember(res: Reply): void {
    for (const line of res.headers['set-cookie'] ?? []) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }

  async fetch(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
    const res = await this.send(path, { ...init, headers: { ...init.headers, cookie: this.header() } });
    this.remember(res);
    return res;
  }

  async signIn(email: string, password: string): Promise<void> {
    const csrf = (await this.fetch('/api/auth/csrf')).json() as { csrfToken: string };
    const res = await this.fetch('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, email, password, json: 'true' }).toString(),
    });
    let body: { url?: string } = {};
    try {
      body = res.json() as { url?: string };
    } catch {
      // not JSON: reported below with the status
    }
    if (!res.ok || !body.url || new URL(body.url).searchParams.get('error')) throw new Error(`Sign-in as ${email} failed (${res.status} ${body.url ?? ''})`);
    if (![...this.cookies.keys()].some((k) => k.endsWith('next-auth.session-token'))) throw new Error('Sign-in set no session cookie');
  }
}

/** Linux's USER_HZ: /proc reports CPU time in these ticks on every architecture Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time the server process has used so far, all threads and its main thread (whose task id is the
 * pid), from /proc; null where there is no /proc or no such process. utime and stime are fields 14 and
 * 15; the command name (field 2) may hold spaces, so fields are counted after its closing parenthesis.
 */
function readServerCpu(pid: number): { processMs: number; mainThreadMs: number } | null {
  const ticks = (file: string) => {
    const stat = readFileSync(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  try {
    return { processMs: (ticks(`/proc/${pid}/stat`) * 1000) / CLOCK_TICKS_PER_SECOND, mainThreadMs: (ticks(`/proc/${pid}/task/${pid}/stat`) * 1000) / CLOCK_TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      url: { type: 'string' },
      concurrency: { type: 'string' },
      seconds: { type: 'string' },
      warmup: { type: 'string' },
      mix: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      'max-requests': { type: 'string' },
      'import-pool': { type: 'string' },
      'server-pid': { type: 'string' },
    },
  });
  // A benchmark's own knobs, read here the way `npm run bench:load` users pass them.
  const parsed = optionsSchema.safeParse({
    url: values.url ?? env.BENCH_URL ?? `http://127.0.0.1:${env.PORT}`,
    concurrency: values.concurrency ?? 50,
    seconds: values.seconds ?? 60,
    warmup: values.warmup ?? 5,
    mix: values.mix ?? 'search=70,profile=25,import=5',
    email: values.email ?? env.BENCH_EMAIL ?? 'recruiter@skillproof.demo',
    password: values.password ?? env.BENCH_PASSWORD ?? 'skillproof-demo',
    'max-requests': values['max-requests'] ?? 1_000_000,
    'import-pool': values['import-pool'] ?? 600,
    'server-pid': values['server-pid'],
  });
  if (!parsed.success) {
    console.error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
    return 2;
  }
  const o = parsed.data;
  const base = new URL(o.url);
  if (!isLoopback(base.hostname)) {
    console.error(`--url ${o.url}: this benchmark only drives a server on this machine (localhost, 127.0.0.0/8, ::1).`);
    return 2;
  }
  const weights = new Map<Kind, number>(KINDS.map((k) => [k, 0]));
  for (const part of o.mix.split(',')) {
    const [k, w] = part.split('=') as [Kind, string];
    weights.set(k, Number(w));
  }

  const send = createRequester(base);
  const session = new Session(send);
  await session.signIn(o.email, o.password);

  // What to ask for: skills from the autocomplete, people (with their emails) from searches and profiles.
  const skills = new Set<string>();
  for (const q of ['a', 'e', 'data', 'design', 'soft', 'man']) {
    const res = await session.fetch(`/api/v1/skills?q=${encodeURIComponent(q)}&limit=10`);
    if (res.ok) for (const s of (res.json() as { skills: { id: string }[] }).skills) skills.add(s.id);
  }
  const skillIds = [...skills];
  if (skillIds.length === 0) throw new Error('The server offered no skills: is it seeded?');
  const personIds = new Set<string>();
  for (const skill of skillIds.slice(0, 10)) {
    const res = await session.fetch('/api/v1/search', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requirements: [{ skill, minLevel: 1, essential: false }], pageSize: 50 }) });
    if (res.ok) for (const h of (res.json() as { hits: { personId: string }[] }).hits) personIds.add(h.personId);
  }
  const people = [...personIds];
  if (people.length === 0) throw new Error('Searches found nobody: is the server seeded and indexed?');
  const importTargets: { personId: string; email: string }[] = [];
  if ((weights.get('import') ?? 0) > 0) {
    for (const personId of people.slice(0, 20)) {
      const html = (await session.fetch(`/people/${personId}`)).text();
      const email = /href="mailto:([^"]+)"/.exec(html)?.[1];
      if (email) importTargets.push({ personId, email: email.replace(/&amp;/g, '&') });
    }
  }

  // New credentials to import, signed before the clock starts (signing is the client's cost, not the server's).
  const credentials: { personId: string; body: string }[] = [];
  if (importTargets.length > 0 && o['import-pool'] > 0) {
    const issuers = [...(await demoIssuerKeys()).values()];
    const badges = buildCatalog();
    process.stdout.write(`Signing ${o['import-pool']} credentials to import...`);
    for (let i = 0; i < o['import-pool']; i++) {
      const target = importTargets[i % importTargets.length]!;
      const badge = badges[i % badges.length]!;
      const issuer = issuers.find((x) => x.key === badge.issuerKey) ?? issuers[0]!;
      const unsigned = {
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
        id: `urn:uuid:${crypto.randomUUID()}`,
        type: ['VerifiableCredential', 'OpenBadgeCredential'],
        issuer: { id: issuer.issuerKey.did, type: ['Profile'], name: issuer.name, url: issuer.url },
        validFrom: new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        name: badge.name,
        credentialSubject: {
          type: ['AchievementSubject'],
          id: `mailto:${target.email}`,
          achievement: { id: badge.id, type: ['Achievement'], name: badge.name, description: badge.description, criteria: { narrative: badge.criteria ?? badge.name } },
        },
      };
      const credential = i % 2 === 0 ? await signDataIntegrity(unsigned, issuer.issuerKey) : await signVcJwt(unsigned, issuer.issuerKey);
      credentials.push({ personId: target.personId, body: JSON.stringify({ personId: target.personId, credential }) });
    }
    process.stdout.write(' done\n');
  }

  const totalWeight = [...weights.values()].reduce((a, b) => a + b, 0);
  const pick = (): Kind => {
    let r = Math.random() * totalWeight;
    for (const [k, w] of weights) {
      if ((r -= w) < 0) return k === 'import' && credentials.length === 0 ? 'search' : k;
    }
    return 'search';
  };
  const random = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)]!;

  async function one(kind: Kind): Promise<Sample> {
    const started = performance.now();
    let status = 0;
    try {
      let res: Reply;
      if (kind === 'search') {
        // Distinct skills: a query naming one skill twice is (rightly) a 422.
        const chosen = [...new Set(Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => random(skillIds)))];
        const requirements = chosen.map((skill) => ({ skill, minLevel: 1 + Math.floor(Math.random() * 4), essential: Math.random() < 0.3 }));
        res = await session.fetch('/api/v1/search', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requirements, pageSize: 20, facets: ['skill', 'department'] }) });
      } else if (kind === 'profile') {
        res = await session.fetch(`/people/${random(people)}`);
      } else {
        const next = credentials.pop()!;
        res = await session.fetch('/api/v1/credentials', { method: 'POST', headers: { 'content-type': 'application/json' }, body: next.body });
      }
      status = res.status;
      return { kind, ms: performance.now() - started, ok: res.status >= 200 && res.status < 300, status };
    } catch {
      return { kind, ms: performance.now() - started, ok: false, status };
    }
  }

  console.log(`Driving ${base.origin} for ${o.seconds} s after a ${o.warmup} s warm-up with ${o.concurrency} concurrent clients (mix ${o.mix}; ${people.length} people, ${skillIds.length} skills, ${credentials.length} credentials to import)`);
  // Samples are counted when their request was sent after the warm-up; the warm-up's are kept apart.
  const samples: Sample[] = [];
  const warmupSamples: Sample[] = [];
  const health: Sample[] = [];
  const warmupHealth: Sample[] = [];
  const launched = performance.now();
  const started = launched + o.warmup * 1000;
  const deadline = started + o.seconds * 1000;
  // The CPU counters are read when the counted window opens.
  const windowOpened = new Promise<{ server: ReturnType<typeof readServerCpu>; client: NodeJS.CpuUsage }>((resolve) =>
    setTimeout(() => resolve({ server: o['server-pid'] ? readServerCpu(o['server-pid']) : null, client: process.cpuUsage() }), o.warmup * 1000),
  );
  let issued = 0;
  const workers = Array.from({ length: o.concurrency }, async () => {
    while (performance.now() < deadline && issued < o['max-requests']) {
      issued++;
      const sent = performance.now();
      const sample = await one(pick());
      (sent < started ? warmupSamples : samples).push(sample);
    }
  });
  const probe = (async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      let sample: Sample;
      try {
        const res = await send('/api/health', { timeoutMs: 30_000 });
        sample = { kind: 'health', ms: performance.now() - t, ok: res.ok, status: res.status, at: t - started };
      } catch {
        sample = { kind: 'health', ms: performance.now() - t, ok: false, status: 0, at: t - started };
      }
      (t < started ? warmupHealth : health).push(sample);
      await new Promise((r) => setTimeout(r, 500));
    }
  })();
  const [{ server: cpuAtStart, client: clientCpuAtStart }] = await Promise.all([windowOpened, ...workers, probe]);
  const elapsed = (performance.now() - started) / 1000;
  const clientCpu = process.cpuUsage(clientCpuAtStart);

  const line = (label: string, list: Sample[]) => {
    const ms = list.map((s) => s.ms).sort((a, b) => a - b);
    const errors = list.filter((s) => !s.ok);
    const statuses = [...new Set(errors.map((s) => s.status))].join(', ');
    return `${label.padEnd(8)} ${String(list.length).padStart(7)} req ${(list.length / elapsed).toFixed(1).padStart(7)}/s  errors ${errors.length}${errors.length ? ` (status ${statuses})` : ''}  p50 ${fmt(percentile(ms, 50))}  p95 ${fmt(percentile(ms, 95))}  p99 ${fmt(percentile(ms, 99))}  max ${fmt(ms[ms.length - 1] ?? NaN)}`;
  };
  console.log(line('all', samples));
  for (const kind of KINDS) {
    const list = samples.filter((s) => s.kind === kind);
    if (list.length) console.log(line(kind, list));
  }
  console.log(line('health', health));
  if (o.warmup > 0) {
    const warmErrors = [...warmupSamples, ...warmupHealth].filter((x) => !x.ok).length;
    const firstProbe = warmupHealth[0];
    console.log(`warm-up (not counted): ${warmupSamples.length} requests, errors ${warmErrors}${firstProbe ? `; the health probe sent with the first burst took ${fmt(firstProbe.ms)}` : ''}`);
  }
  // When the slowest probes were sent: a stall at the start (the first requests of every kind at once)
  // reads differently from one in the middle (a vacuum, a long GC pause).
  const slowest = [...health].sort((a, b) => b.ms - a.ms).slice(0, 3);
  if (slowest.length) console.log(`slowest health probes: ${slowest.map((s) => `${fmt(s.ms)} at +${((s.at ?? 0) / 1000).toFixed(1)} s`).join(', ')}`);
  if (o['server-pid'] && cpuAtStart) {
    // CPU per request is far less sensitive to other work on the machine than requests/s: the figure
    // to compare before and after a change when the machine is not idle.
    const end = readServerCpu(o['server-pid']);
    const served = samples.length + health.length;
    if (end) {
      const perRequest = (ms: number) => `${(ms / served).toFixed(1)} ms`;
      console.log(
        `server pid ${o['server-pid']}: ${((end.processMs - cpuAtStart.processMs) / 1000).toFixed(1)} CPU-s in ${elapsed.toFixed(1)} s (main thread ${((end.mainThreadMs - cpuAtStart.mainThreadMs) / 1000).toFixed(1)} CPU-s); ` +
          `per request served (health included): ${perRequest(end.processMs - cpuAtStart.processMs)} all threads, ${perRequest(end.mainThreadMs - cpuAtStart.mainThreadMs)} main thread`,
      );
    }
  }
  // The client shares the machine with the server: its own CPU is what the server could not have.
  const clientMs = (clientCpu.user + clientCpu.system) / 1000;
  console.log(`this client: ${(clientMs / 1000).toFixed(1)} CPU-s, ${(clientMs / Math.max(1, samples.length + health.length)).toFixed(1)} ms a request`);
  const { loadavg } = await import('node:os');
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  return [...samples, ...health, ...warmupSamples, ...warmupHealth].some((s) => !s.ok) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`bench:load failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
