// `npm run bench:search-anatomy -- [--searches 300] [--seed 1] [--data-dir <folder>] [--explain N]`
// (DATABASE_URL set: that Postgres database instead of the embedded folder.)
// What one POST /api/v1/search costs in SQL, outside Next: opens a seeded database the way the web
// server does (PGlite on its worker thread behind the socket, or a Postgres pool), then runs the load
// benchmark's search mix (1-3 requirements from skills people hold, 30 % essential, facets skill and
// department, 20 a page) through the API's call path (the session read, then searchPeople) one at a
// time, and prints per search: statements, round-trip time per statement kind, wall and CPU time
// (all threads, and this main thread). --explain N: EXPLAIN ANALYZE of the N-th search's statement;
// --plan: the average planning time of the searches' statements (EXPLAIN without ANALYZE).
// The folder must not be in use (stop the server, or copy its data folder and point --data-dir at it).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, rowsOf, type Db } from '../lib/db/client';
import { env } from '../lib/env.js';
import { visibilityScope, type Actor } from '../lib/domain/permissions';
import { searchQuerySchema } from '../lib/domain/search-query';
import { createUserSession, readSessionAccount } from '../lib/auth/user-sessions';
import { searchPeople } from '../lib/data/search-people';
import { explainSearch } from '../lib/search/embedded-engine';

type Traced = { text: string; ms: number };
const trace: Traced[] = [];
// Every statement of this process goes through node-postgres' Client#query (pool, transactions, probes).
const originalQuery = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function tracedQuery(this: pg.Client, ...args: unknown[]) {
  const config = args[0] as string | { text?: string };
  const text = typeof config === 'string' ? config : (config?.text ?? '');
  const started = performance.now();
  const done = () => trace.push({ text, ms: performance.now() - started });
  // pg-pool passes a callback (text, values, callback); drizzle's transactions await a promise.
  const last = args.length - 1;
  if (typeof args[last] === 'function') {
    const callback = args[last] as (...r: unknown[]) => void;
    args[last] = (...r: unknown[]) => {
      done();
      callback(...r);
    };
    return originalQuery.apply(this, args);
  }
  const result = originalQuery.apply(this, args);
  if (result && typeof (result as Promise<unknown>).then === 'function') void (result as Promise<unknown>).then(done, done);
  return result;
} as typeof pg.Client.prototype.query;

/** A short name for a statement: its first words, literals and whitespace folded. */
function kindOf(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 70);
}

function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Deterministic random numbers (mulberry32), so before/after runs ask the same searches. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function main() {
  const { values } = parseArgs({ options: { searches: { type: 'string' }, seed: { type: 'string' }, 'data-dir': { type: 'string' }, explain: { type: 'string' }, plan: { type: 'boolean' } } });
  const searches = Number(values.searches ?? 300);
  const rand = random(Number(values.seed ?? 1));
  const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: values['data-dir'], role: 'server', command: 'search-anatomy' });
  const db: Db = handle.db;
  try {
    // The load benchmark asks for skills the autocomplete offers; here, skills somebody holds.
    const skillIds = rowsOf<{ id: string }>(await db.execute(sql`select skill_id as id from search_document_skills group by 1 order by count(*) desc limit 60`)).map((r) => r.id);
    const user = rowsOf<{ id: string; role: Actor['role']; department_id: string | null }>(await db.execute(sql`select id, role, department_id from users where email = 'recruiter@skillproof.demo'`))[0];
    if (!user || skillIds.length === 0) throw new Error('Not a seeded demo database (no recruiter or no indexed skills).');
    const session = await createUserSession(db, user.id, 3600);
    const actor: Actor = { id: user.id, role: user.role, departmentId: user.department_id };
    const pick = () => skillIds[Math.floor(rand() * skillIds.length)]!;
    const bodies = Array.from({ length: searches }, () => {
      const chosen = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, pick))];
      return { requirements: chosen.map((skill) => ({ skill, minLevel: 1 + Math.floor(rand() * 4), essential: rand() < 0.3 })), pageSize: 20, facets: ['skill', 'department'] };
    });
    if (values.explain !== undefined) {
      const body = bodies[Number(values.explain)]!;
      console.log(JSON.stringify(body));
      for (let i = 0; i < 5; i++) await searchPeople(actor, body, { db });
      console.log(await explainSearch(db, searchQuerySchema.parse(body), visibilityScope(actor)));
      return;
    }
    if (values.plan) {
      const parsed = bodies.map((b) => searchQuerySchema.parse(b));
      for (const query of parsed.slice(0, 20)) await explainSearch(db, query, visibilityScope(actor), new Date(), false);
      const byPath = new Map<string, number[]>();
      for (const query of parsed) {
        const out = await explainSearch(db, query, visibilityScope(actor), new Date(), false);
        const ms = Number(/Planning Time: ([\d.]+) ms/.exec(out)?.[1]);
        const pathName = out.split('\n')[0]!;
        byPath.set(pathName, [...(byPath.get(pathName) ?? []), ms]);
      }
      for (const [pathName, list] of byPath) console.log(`${pathName}: ${list.length} statements, planning ${(list.reduce((a, b) => a + b, 0) / list.length).toFixed(2)} ms on average`);
      return;
    }
    const one = async (body: unknown) => {
      await readSessionAccount(db, session, user.id);
      return searchPeople(actor, body, { db });
    };
    for (const body of bodies.slice(0, 30)) await one(body); // warm: plans, caches, JIT of this process
    trace.length = 0;
    const cpu0 = process.cpuUsage();
    const main0 = mainThreadCpuMs();
    const t0 = performance.now();
    let hits = 0;
    for (const body of bodies) hits += (await one(body)).hits.length;
    const wall = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 50));
    const cpu = process.cpuUsage(cpu0);
    const mainMs = mainThreadCpuMs() - main0;
    const byKind = new Map<string, { n: number; ms: number }>();
    for (const t of trace) {
      const k = kindOf(t.text);
      const e = byKind.get(k) ?? { n: 0, ms: 0 };
      e.n++;
      e.ms += t.ms;
      byKind.set(k, e);
    }
    const sqlMs = trace.reduce((s, t) => s + t.ms, 0);
    console.log(`${handle.kind} via ${handle.driver}: ${searches} searches (${hits} hits), one at a time`);
    console.log(`statements a search: ${(trace.length / searches).toFixed(2)}; round-trip time a search: ${(sqlMs / searches).toFixed(2)} ms`);
    console.log(`wall a search: ${(wall / searches).toFixed(2)} ms; CPU a search: ${((cpu.user + cpu.system) / 1000 / searches).toFixed(2)} ms all threads, ${(mainMs / searches).toFixed(2)} ms main thread`);
    for (const [k, e] of [...byKind].sort((a, b) => b[1].ms - a[1].ms)) {
      console.log(`  ${(e.n / searches).toFixed(2).padStart(5)} x ${(e.ms / e.n).toFixed(3).padStart(8)} ms  ${k}`);
    }
    await db.execute(sql`delete from user_sessions where id = ${session}`);
  } finally {
    await handle.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
