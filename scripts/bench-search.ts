// `npm run bench:search -- --people 100000 [--rounds 3] [--seed 1] [--memory] [--reuse <dir|db>] [--build-only] [--verbose]
//   [--only <i,j,...|all>] [--explain <i,j,...>]` (--only: time just those queries of the mix, wall and CPU time each;
//   --explain: EXPLAIN ANALYZE of their statements as the warm embedded engine runs them; neither builds documents first)
// Generates a throwaway organisation (people, credentials, credential-derived person_skills) in a
// PGlite database under a temp dir, or, with DATABASE_URL set, in a fresh database on that Postgres
// server (never the one the URL names), then runs and prints each phase apart:
//   1. generation (people/s): set-wise INSERT ... SELECT in chunks of people inside the database;
//   2. documents built (people/s): streamPersonDocuments over everyone, nothing written; on a PGlite
//      folder twice: PGlite in this process, then reopened on a worker thread as `npm run reindex` and
//      the web server run it (the database builds the next batch while this thread decodes the last);
//   3. per engine (embedded always; Elasticsearch when ELASTICSEARCH_URL is set): documents built
//      and written through reindexAll (people/s), then p50/p95/p99 of a fixed mix of 80 queries
//      (search + all six facets), the same mix through searchPeople (the API's call path), the text
//      queries alone, the cold broad query after a write (embedded) and the HR insights aggregate.
// Every phase prints the process's peak resident memory so far (a streamed phase must stay flat).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, type Db, type DbHandle } from '../lib/db/client';
import { visibilityScope, type Actor } from '../lib/domain/permissions';
import { FACETS, searchQuerySchema, type SearchQueryInput } from '../lib/domain/search-query';
import { env } from '../lib/env.js';
import { searchPeople } from '../lib/data/search-people';
import { createElasticsearchEngine, type ElasticsearchEngine } from '../lib/search/elasticsearch-engine';
import { createEmbeddedEngine } from '../lib/search/embedded-engine';
import type { PersonDoc, SearchEngine } from '../lib/search/engine';
import { streamPersonDocuments } from '../lib/search/person-docs';
import { reindexAll } from '../lib/search/reindex';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}
const PEOPLE = arg('people', 100_000);
const ROUNDS = arg('rounds', 3);
const SEED = arg('seed', 1);
const MEMORY = process.argv.includes('--memory');
const VERBOSE = process.argv.includes('--verbose');
/** --build-only: stop after the documents-built phase (needs no engine; for measuring the build alone). */
const BUILD_ONLY = process.argv.includes('--build-only');
/**
 * --reuse <dir>: keep the generated database there and reuse it on the next run (for iterating).
 * With DATABASE_URL, <dir> is a database name on that server (created when missing, kept).
 */
const REUSE = (() => {
  const i = process.argv.indexOf('--reuse');
  return i >= 0 ? process.argv[i + 1] : undefined;
})();

const SKILLS = [
  ...['python', 'sql', 'javascript', 'typescript', 'java', 'r', 'tableau', 'power-bi', 'excel', 'aws', 'azure', 'docker', 'kubernetes', 'spark', 'git', 'linux', 'react', 'node-js', 'terraform', 'figma'].map((s) => `onet:${s}`),
  ...[
    'user-research', 'data-visualisation', 'data-analysis-and-synthesis', 'machine-learning', 'programming-and-build', 'testing', 'systems-design', 'information-security',
    'agile-working', 'stakeholder-relationship-management', 'strategic-thinking', 'user-centred-design', 'prototyping', 'content-design', 'service-ownership', 'product-management',
    'data-engineering', 'data-modelling', 'metadata-management', 'statistical-methods', 'technical-writing', 'communicating-between-the-technical-and-non-technical', 'performance-analysis',
    'problem-ownership', 'availability-and-capacity-management', 'it-infrastructure', 'modern-standards-approach', 'ownership-and-initiative', 'requirements-definition', 'service-support',
    'lifecycle-perspective', 'innovation', 'financial-management', 'turning-business-problems-into-data-design', 'developing-data-science-capability', 'evidence-based-decision-making',
    'coaching-and-mentoring', 'risk-management', 'accessibility', 'interaction-design',
  ].map((s) => `ddat:${s}`),
];
const DEPARTMENTS = ['data', 'digital', 'engineering', 'design', 'product', 'security', 'operations', 'finance'];
const LOCATIONS = ['London', 'Leeds', 'Manchester', 'Bristol', 'Glasgow', 'Cardiff', 'Newcastle', 'Birmingham', 'Remote'];
const FIRST = ['Ada', 'Ben', 'Chen', 'Dara', 'Eli', 'Fay', 'Gus', 'Hana', 'Ivo', 'Jo', 'Kai', 'Lea', 'Mo', 'Nia', 'Oli', 'Pia'];
const LAST = ['Smith', 'Okafor', 'Nguyen', 'Garcia', 'Khan', 'Novak', 'Silva', 'Berg', 'Patel', 'Jones', 'Evans', 'Murphy'];

const pgArray = (xs: string[]) => sql.raw(`array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`);

/**
 * People per generation statement: the rows are made inside the database (INSERT ... SELECT over
 * generate_series), so this process holds nothing and a chunk's work stays bounded on the server.
 */
const GENERATE_CHUNK = 20_000;

async function generate(db: Db): Promise<void> {
  await db.execute(sql`select setseed(${(SEED % 1000) / 1000})`);
  await db.execute(sql`insert into departments (id, name) select d, initcap(d) from unnest(${pgArray(DEPARTMENTS)}) d`);
  await db.execute(sql`insert into skills (id, name, framework) select s, initcap(replace(split_part(s, ':', 2), '-', ' ')),
    (case when s like 'onet:%' then 'O*NET' else 'UK DDaT' end)::skill_framework from unnest(${pgArray(SKILLS)}) s`);
  await db.execute(sql`insert into issuers (id, name) select 'did:key:bench-issuer-' || g, 'Bench issuer ' || g from generate_series(1, 6) g`);
  await db.execute(sql`insert into achievements (id, name, issuer_id) select 'ach-' || g, initcap(replace(split_part(s, ':', 2), '-', ' ')) || ' ' || (array['Foundations','Practitioner','Advanced'])[1 + g % 3], 'did:key:bench-issuer-' || (1 + g % 6)
    from unnest(${pgArray(SKILLS)}) with ordinality as t(s, g)`);
  for (let start = 1; start <= PEOPLE; start += GENERATE_CHUNK) {
    const end = Math.min(PEOPLE, start + GENERATE_CHUNK - 1);
    await db.execute(sql`insert into people (id, kind, name, email, headline, location, department_id, "current_role", open_to_mobility, searchable)
      select 'p' || lpad(g::text, 7, '0'), k, f || ' ' || l, 'p' || g || '@bench.test',
        (array['Data analyst','Researcher and writer','Platform engineer','Product manager','Designer',''])[1 + floor(random() * 6)::int],
        (${pgArray(LOCATIONS)})[1 + floor(random() * ${LOCATIONS.length})::int],
        case when k = 'employee' then (${pgArray(DEPARTMENTS)})[1 + floor(random() * ${DEPARTMENTS.length})::int] end,
        case when k = 'employee' then (array['Data analyst','Data scientist','Developer','Senior developer','User researcher'])[1 + floor(random() * 5)::int] else '' end,
        random() < 0.35, random() < 0.97
      from (select g, (case when random() < 0.6 then 'employee' else 'candidate' end)::person_kind as k,
              (${pgArray(FIRST)})[1 + floor(random() * ${FIRST.length})::int] as f, (${pgArray(LAST)})[1 + floor(random() * ${LAST.length})::int] as l
            from generate_series(${start}::int, ${end}::int) g) x`);
    await db.execute(sql`insert into credentials (id, person_id, format, raw, content_hash, achievement_id, issuer_id, issued_at, status, source)
      select p.id || '-c' || n, p.id, 'ob3-ldp', '{}', p.id || '-c' || n, 'ach-' || a, 'did:key:bench-issuer-' || (1 + a % 6),
        timestamptz '2023-01-01' + random() * interval '1000 days', (case when random() < 0.05 then 'revoked' else 'verified' end)::credential_status, 'seed'
      from people p, generate_series(1, 4) n, lateral (select 1 + floor(random() * ${SKILLS.length})::int as a) r
      where p.id between 'p' || lpad(${start}::text, 7, '0') and 'p' || lpad(${end}::text, 7, '0') and random() < 0.7`);
    // Skills skew toward a person's few strong areas: ~8 skills each, levels 1-5, some self-reported, a few expired.
    await db.execute(sql`insert into person_skills (person_id, skill_id, verified, level, credential_ids, issuer_ids, achieved_at, expires_at)
      select p.id, s.id, random() > 0.06, 1 + floor(power(random(), 1.3) * 5)::int, '[]'::jsonb, '[]'::jsonb,
        timestamptz '2023-01-01' + random() * interval '1000 days',
        case when random() < 0.03 then timestamptz '2025-01-01' else null end
      from people p cross join skills s
      where p.id between 'p' || lpad(${start}::text, 7, '0') and 'p' || lpad(${end}::text, 7, '0') and random() < 0.14
      on conflict do nothing`);
    process.stdout.write(`\rgenerating people: ${end}/${PEOPLE}   `);
  }
  process.stdout.write('\n');
  await db.execute(sql`analyze`);
}

/** The fixed query mix: deterministic from the seed, every query asks for all six facets. */
let queryMixCache: { input: SearchQueryInput; actor: Actor }[] = [];
function queryMix(): { input: SearchQueryInput; actor: Actor }[] {
  let state = 12345 + SEED;
  const rand = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const actors: Actor[] = [
    { id: 'bench-recruiter', role: 'recruiter', departmentId: null },
    { id: 'bench-hr', role: 'hr', departmentId: null },
    { id: 'bench-manager', role: 'manager', departmentId: 'data' },
  ];
  const popular = SKILLS.slice(0, 24);
  const out: { input: SearchQueryInput; actor: Actor }[] = [];
  for (let i = 0; i < 60; i++) {
    const n = i % 10 === 0 ? 0 : 1 + Math.floor(rand() * 3) + (i % 7 === 0 ? 4 : 0);
    const skills = [...new Set(Array.from({ length: n }, () => pick(popular)))];
    const input: SearchQueryInput = {
      requirements: skills.map((skill, j) => ({ skill, minLevel: 1 + Math.floor(rand() * 4), weight: j === 0 ? 2 : 1, essential: rand() < 0.6 })),
      text: i % 6 === 0 ? pick(FIRST) : i % 9 === 0 ? `${pick(FIRST)} ${pick(LAST)}` : '',
      filters: {
        location: rand() < 0.3 ? [pick(LOCATIONS)] : [],
        kind: rand() < 0.2 ? [pick(['employee', 'candidate'] as const)] : [],
        department: rand() < 0.15 ? [pick(DEPARTMENTS)] : [],
        verifiedOnly: rand() < 0.85,
        ...(rand() < 0.1 ? { minScore: 0.5 } : {}),
      },
      sort: i % 8 === 0 ? 'name' : i % 11 === 0 ? 'recent' : 'match',
      page: i % 5 === 0 ? 3 : 1,
      pageSize: 20,
      facets: [...FACETS],
    };
    out.push({ input, actor: actors[i % actors.length]! });
  }
  // The query language (issue 13): typos, prefixes, Boolean operators, phrases and fields, alone and with requirements.
  const TEXT_QUERIES = [
    'Okafro', 'Ngyuen smtih', 'Garcai OR Novka', 'analyst -senior', 'analyst OR engineer', 'NOT designer', '"platform engineer"',
    'resea', 'location:leeds name:khan', '(analyst OR researcher) -location:london', 'headline:"product manager" OR headline:designer',
    'pyhton', 'visualisation', 'credential:"machine learning" -name:smith', 'skill:terraform OR skill:kubernetes', 'Dara -Berg',
    'data NOT (analyst OR scientist)', 'issuer:"bench issuer 3"', 'enginer', 'Patle Jones',
  ];
  TEXT_QUERIES.forEach((text, j) => {
    const skills = j % 3 === 0 ? [pick(popular)] : j % 3 === 1 ? [pick(popular), pick(popular)] : [];
    out.push({
      input: {
        requirements: [...new Set(skills)].map((skill) => ({ skill, minLevel: 1 + Math.floor(rand() * 3), weight: 1, essential: rand() < 0.5 })),
        text,
        filters: { verifiedOnly: true, location: j % 4 === 0 ? [pick(LOCATIONS)] : [] },
        sort: 'match',
        page: 1,
        pageSize: 20,
        facets: [...FACETS],
      },
      actor: actors[j % actors.length]!,
    });
  });
  return out;
}
/** Where the text queries start in the mix (they are also timed on their own). */
const TEXT_MIX_START = 60;

function percentiles(samples: number[]) {
  const s = samples.slice().sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
  return { p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1]!, n: s.length };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

async function timeMix(label: string, run: (i: number) => Promise<unknown>, count: number, first = 0) {
  // A query that fails (at 1,000,000 people a search can reach the engine's statement timeout) is
  // counted and reported, not fatal: the other figures of a long run are still worth having.
  let failed = 0;
  let firstError = '';
  const attempt = async (i: number) => {
    try {
      await run(i);
      return true;
    } catch (err) {
      failed += 1;
      firstError ||= `#${i}: ${(err as Error).message.slice(0, 200)}`;
      return false;
    }
  };
  for (let i = first; i < count; i++) await attempt(i); // warm-up round: plans, caches
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = first; i < count; i++) {
      const t0 = performance.now();
      const ok = await attempt(i);
      if (ok) samples.push(performance.now() - t0);
      if (VERBOSE && r === 0) console.log(`    #${i} ${(performance.now() - t0).toFixed(1)} ms ${count > 5 ? JSON.stringify(queryMixCache[i]?.input) : ""}`);
    }
  }
  if (samples.length === 0) {
    console.log(`  ${label.padEnd(34)} every query failed (${failed}); first: ${firstError}`);
    return null;
  }
  const p = percentiles(samples);
  console.log(`  ${label.padEnd(34)} p50 ${fmt(p.p50).padStart(9)}  p95 ${fmt(p.p95).padStart(9)}  p99 ${fmt(p.p99).padStart(9)}  max ${fmt(p.max).padStart(9)}  (${p.n} queries${failed > 0 ? `, ${failed} failed incl. warm-up; first: ${firstError}` : ''})  ${peakRss()}`);
  return p;
}

/** CPU seconds this process used since `since` (PGlite runs in it; a Postgres server's own CPU is not counted). */
function cpuSeconds(since: NodeJS.CpuUsage): string {
  const u = process.cpuUsage(since);
  return `${((u.user + u.system) / 1e6).toFixed(1)} CPU-s here`;
}

/** Peak resident set size of this process so far (maxRSS is in kilobytes). PGlite runs in-process; a Postgres server does not. */
function peakRss(): string {
  return `peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;
}

const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en-GB')} people/s`;

/**
 * The embedded engine caches per-scope facet totals keyed on the index version: the first broad
 * search of a scope after an index write pays for them. For each query of the mix with more than
 * half the visible people matched, re-index one person (a real write, which bumps the version),
 * then time that query twice: cold (first after the write) and warm.
 */
async function coldTotals(db: Db, engine: SearchEngine, mix: { input: SearchQueryInput; actor: Actor }[], parsed: ReturnType<typeof searchQuerySchema.parse>[]) {
  const { loadPersonDocs } = await import('../lib/search/person-docs');
  const one = (await db.execute(sql`select id from people order by id limit 1`)) as unknown as { rows: { id: string }[] };
  const doc = await loadPersonDocs(db, [one.rows[0]!.id]);
  const visible = new Map<string, number>();
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < mix.length; i++) {
    const scope = visibilityScope(mix[i]!.actor);
    const key = JSON.stringify(scope);
    if (!visible.has(key)) visible.set(key, (await engine.search(searchQuerySchema.parse({ pageSize: 1, facets: [] }), scope)).total);
    const { total } = await engine.search(parsed[i]!, scope);
    if (total * 2 <= visible.get(key)!) continue;
    await engine.indexPeople(doc);
    let t = performance.now();
    await engine.search(parsed[i]!, scope);
    cold.push(performance.now() - t);
    t = performance.now();
    await engine.search(parsed[i]!, scope);
    warm.push(performance.now() - t);
    if (VERBOSE) console.log(`    #${i} cold ${cold.at(-1)!.toFixed(1)} ms, warm ${warm.at(-1)!.toFixed(1)} ms (${total} matched)`);
  }
  const p = (xs: number[]) => percentiles(xs.map((x) => x));
  const c = p(cold);
  const w = p(warm);
  console.log(`  broad queries right after an index write (${cold.length}): cold p50 ${fmt(c.p50)}  max ${fmt(c.max)};  warm p50 ${fmt(w.p50)}  max ${fmt(w.max)}`);
}

/** Where the benchmark's data lives: PGlite in a folder (or memory), or a database of its own on the DATABASE_URL server. */
async function openBenchDatabase(): Promise<{ handle: DbHandle; where: string; cleanup: () => Promise<void>; folder: string | null }> {
  if (env.DATABASE_URL) {
    // A database of its own on that server: the bench never writes into the database the URL names.
    const { Client } = await import('pg');
    const name = REUSE ?? `skillproof_bench_${randomBytes(4).toString('hex')}`;
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`--reuse with DATABASE_URL takes a database name ([a-z_][a-z0-9_]*), not ${JSON.stringify(name)}`);
    const admin = new Client({ connectionString: env.DATABASE_URL });
    await admin.connect();
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
    if (!exists) await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(env.DATABASE_URL);
    url.pathname = `/${name}`;
    const handle = await openDatabase({ url: url.toString() });
    return {
      handle,
      folder: null,
      where: `Postgres database ${name} on ${url.host}${REUSE ? ' (kept)' : ' (dropped at the end)'}`,
      cleanup: async () => {
        if (REUSE) return;
        const dropper = new Client({ connectionString: env.DATABASE_URL });
        await dropper.connect();
        await dropper.query(`drop database if exists ${name} with (force)`);
        await dropper.end();
      },
    };
  }
  const dir = REUSE ? path.resolve(REUSE) : MEMORY ? null : mkdtempSync(path.join(os.tmpdir(), 'skillproof-bench-'));
  const handle = await openDatabase(dir ? { dataDir: dir } : { memory: true });
  return { handle, folder: dir, where: `PGlite ${dir ? `in ${dir}` : 'in memory'}`, cleanup: async () => void (dir && !REUSE && rmSync(dir, { recursive: true, force: true })) };
}

type Counts = { p: number; s: number; c: number };

/** Phase 1: the organisation, generated unless a reused database already has one. */
async function generationPhase(db: Db): Promise<{ counts: Counts; reused: boolean }> {
  const existing = (await db.execute(sql`select count(*)::int as n from people`)) as unknown as { rows: { n: number }[] };
  const reused = REUSE !== undefined && (existing.rows[0]?.n ?? 0) > 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  if (!reused) await generate(db);
  const ms = performance.now() - t0;
  const counts = ((await db.execute(sql`select (select count(*) from people)::int as p, (select count(*) from person_skills)::int as s, (select count(*) from credentials)::int as c`)) as unknown as { rows: Counts[] }).rows[0]!;
  console.log(
    reused
      ? `\nGeneration: reusing ${counts.p} people, ${counts.s} person skills, ${counts.c} credentials`
      : `\nGeneration: ${counts.p} people, ${counts.s} person skills, ${counts.c} credentials in ${(ms / 1000).toFixed(1)} s = ${rate(counts.p, ms)} (${cpuSeconds(c0)})  ${peakRss()}`,
  );
  return { counts, reused };
}

/** Phase 2: every document built from the database, as a reindex reads them, and thrown away. */
async function buildPhase(db: Db, how: string): Promise<void> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let n = 0;
  let skills = 0;
  for await (const docs of streamPersonDocuments(db)) {
    n += docs.length;
    for (const d of docs) skills += d.skills.length;
    if (n % 100_000 < docs.length) console.log(`  building documents: ${n} after ${((performance.now() - t0) / 1000).toFixed(0)} s  ${peakRss()}`);
  }
  const ms = performance.now() - t0;
  console.log(`Documents built (streamPersonDocuments, no engine write${how}): ${n} people (${skills} skill rows) in ${(ms / 1000).toFixed(1)} s = ${rate(n, ms)} (${cpuSeconds(c0)})  ${peakRss()}`);
}

function configuredEngines(db: Db): SearchEngine[] {
  const engines: SearchEngine[] = [createEmbeddedEngine(db)];
  if (env.ELASTICSEARCH_URL) {
    return [
      ...engines,
      createElasticsearchEngine({
        node: env.ELASTICSEARCH_URL,
        apiKey: env.ELASTICSEARCH_API_KEY,
        username: env.ELASTICSEARCH_USERNAME,
        password: env.ELASTICSEARCH_PASSWORD,
        indexPrefix: `${env.ELASTICSEARCH_INDEX_PREFIX}-bench`,
        shards: env.ELASTICSEARCH_SHARDS,
        replicas: env.ELASTICSEARCH_REPLICAS,
      }),
    ];
  }
  console.log('ELASTICSEARCH_URL is unset: only the embedded engine is measured.');
  return engines;
}

/** Phase 3: documents built and written into one engine (a full reindex), unless its index is reused. */
async function indexPhase(db: Db, engine: SearchEngine, counts: Counts, reused: boolean): Promise<void> {
  const health = await engine.health();
  if (reused && health.documents === counts.p && !process.argv.includes('--reindex')) {
    console.log(`  reusing the index of ${health.documents} people`);
    return;
  }
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let last = 0;
  const { total } = await reindexAll(db, engine, (p) => {
    // A line per 100,000 people: a long run's log shows the rate as it goes (and if it is cut short).
    if (p.phase === 'indexing' && p.done - last >= 100_000) {
      last = p.done;
      const so = performance.now() - t0;
      console.log(`  indexing: ${p.done}/${p.total} after ${(so / 1000).toFixed(0)} s = ${rate(p.done, so)} so far  ${peakRss()}`);
    }
  });
  const ms = performance.now() - t0;
  console.log(`  indexing (documents built + written, reindexAll): ${total} people in ${(ms / 1000).toFixed(1)} s = ${rate(total, ms)} (${cpuSeconds(c0)})  ${peakRss()}`);
}

/** Documents held in memory for the Elasticsearch write-only phase (enough for a steady rate, bounded memory). */
const ES_WRITE_SAMPLE = 100_000;

const isElasticsearch = (engine: SearchEngine): engine is ElasticsearchEngine => engine.kind === 'elasticsearch' && 'requestCount' in engine;

/**
 * Phase 3a (Elasticsearch): written per second apart from building. Up to ES_WRITE_SAMPLE documents
 * are built first and held in memory, then a full reindex writes them (new index with refresh off and
 * no replicas, the bulk helper's requests in flight, settings restored, refresh, alias swap), so the
 * figure is the cluster's and the client's, not the database's. The full reindex of phase 3 follows
 * and replaces this index.
 */
async function esWritePhase(db: Db, engine: ElasticsearchEngine): Promise<void> {
  const docs: PersonDoc[] = [];
  for await (const batch of streamPersonDocuments(db, { batchSize: 2000 })) {
    docs.push(...batch.slice(0, ES_WRITE_SAMPLE - docs.length));
    if (docs.length >= ES_WRITE_SAMPLE) break;
  }
  const r0 = engine.requestCount();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await engine.reindex(async (onBatch) => {
    for (let i = 0; i < docs.length; i += 2000) await onBatch(docs.slice(i, i + 2000));
    return docs.length;
  });
  const ms = performance.now() - t0;
  console.log(`  written (documents built beforehand and held in memory, full reindex incl. settings, refresh and swap): ${docs.length} people in ${(ms / 1000).toFixed(1)} s = ${rate(docs.length, ms)} in ${engine.requestCount() - r0} requests (${cpuSeconds(c0)})  ${peakRss()}`);
}

/**
 * Elasticsearch: how many HTTP requests each query of the mix sent, first with the engine's word
 * guesses as the timed rounds left them (the steady state), listed per query. A search is one request,
 * or two when its text has a word whose "indexed as typed" guess was wrong (see IndexedWordGuesses);
 * plans that cannot carry the tie-breaks may add one to complete a tie (docs/search.md).
 */
async function requestCounts(engine: ElasticsearchEngine, mix: { input: SearchQueryInput; actor: Actor }[], parsed: ReturnType<typeof searchQuerySchema.parse>[]): Promise<void> {
  const counts: number[] = [];
  for (let i = 0; i < mix.length; i++) {
    const before = engine.requestCount();
    await engine.search(parsed[i]!, visibilityScope(mix[i]!.actor)).catch(() => undefined);
    counts.push(engine.requestCount() - before);
  }
  const byCount = new Map<number, number[]>();
  counts.forEach((n, i) => byCount.set(n, [...(byCount.get(n) ?? []), i]));
  const summary = [...byCount.entries()].sort((a, b) => a[0] - b[0]).map(([n, qs]) => `${n} request${n === 1 ? '' : 's'}: ${qs.length} queries${n === 1 ? '' : ` (${qs.map((q) => `#${q}`).join(', ')})`}`);
  console.log(`  requests per search (warm): ${summary.join('; ')}`);
  console.log(`  requests per query: ${counts.map((n, i) => `#${i}:${n}`).join(' ')}`);
}

/** Phase 4: the query mix through the engine and the API path, text queries alone, cold broad queries, insights. */
async function searchPhase(db: Db, engine: SearchEngine, mix: { input: SearchQueryInput; actor: Actor }[], parsed: ReturnType<typeof searchQuerySchema.parse>[]): Promise<void> {
  // What reindex ends with (a reused database may have been filled by the migration's backfill).
  if (engine.kind === 'embedded') await db.execute(sql`vacuum analyze search_documents, search_document_skills, search_skill_facts, search_skill_keys, search_doc_facets, search_cells, search_terms`);
  let hits = 0;
  // Elasticsearch: requests per query on first sight (the word guesses start empty), before any timing.
  if (isElasticsearch(engine)) {
    const coldRequests: number[] = [];
    for (let i = 0; i < mix.length; i++) {
      const before = engine.requestCount();
      await engine.search(parsed[i]!, visibilityScope(mix[i]!.actor)).catch(() => undefined);
      coldRequests.push(engine.requestCount() - before);
    }
    const extra = coldRequests.flatMap((n, i) => (n > 1 ? [`#${i}:${n}`] : []));
    console.log(`  requests per search on first sight: ${coldRequests.filter((n) => n === 1).length} of ${mix.length} queries sent 1${extra.length > 0 ? `; more: ${extra.join(' ')}` : ''}`);
  }
  await timeMix('search + facets (engine)', async (i) => {
    const r = await engine.search(parsed[i]!, visibilityScope(mix[i]!.actor));
    hits += r.hits.length;
  }, mix.length);
  await timeMix('search API path (searchPeople)', (i) => searchPeople(mix[i]!.actor, mix[i]!.input, { db, engine }), mix.length);
  await timeMix('text queries only (engine)', (i) => engine.search(parsed[i]!, visibilityScope(mix[i]!.actor)), mix.length, TEXT_MIX_START);
  if (engine.kind === 'embedded') await coldTotals(db, engine, mix, parsed);
  if (isElasticsearch(engine)) await requestCounts(engine, mix, parsed);
  await timeMix('insights aggregate (HR, all)', () => engine.aggregate({ departments: [], skills: [] }, { all: true }), 5);
  if (hits === 0) console.log('  warning: the mix returned no hits at all');
}

/**
 * --explain <i[,j...]>: EXPLAIN ANALYZE of those queries' search statements, planned as the warm engine
 * plans them (explainSearch: the same cached totals, whole-cell or complement path, prepared text).
 */
async function explainQueries(db: Db, mix: { input: SearchQueryInput; actor: Actor }[], parsed: ReturnType<typeof searchQuerySchema.parse>[], which: number[]): Promise<void> {
  const { explainSearch } = await import('../lib/search/embedded-engine');
  for (const i of which) {
    console.log(`\n#${i} ${JSON.stringify(mix[i]!.input)}`);
    console.log(await explainSearch(db, parsed[i]!, visibilityScope(mix[i]!.actor)));
  }
}

/**
 * --only <i[,j...]>: times just those queries of the mix through the engine (one warm-up, then
 * --rounds runs each) and prints each one's median and max: for comparing a change query by query
 * on a reused database, back to back.
 */
async function timeOnly(engine: SearchEngine, mix: { input: SearchQueryInput; actor: Actor }[], parsed: ReturnType<typeof searchQuerySchema.parse>[], which: number[]): Promise<void> {
  const all: number[] = [];
  const allCpu: number[] = [];
  for (const i of which) {
    const scope = visibilityScope(mix[i]!.actor);
    await engine.search(parsed[i]!, scope);
    const samples: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await engine.search(parsed[i]!, scope);
      const c = process.cpuUsage(c0);
      samples.push(performance.now() - t0);
      cpu.push((c.user + c.system) / 1000);
    }
    all.push(...samples);
    allCpu.push(...cpu);
    const p = percentiles(samples);
    // CPU time of this process (PGlite runs in it): steadier than wall time when other work shares the machine.
    console.log(`  #${String(i).padEnd(3)} median ${fmt(p.p50).padStart(9)}  max ${fmt(p.max).padStart(9)}  cpu median ${fmt(percentiles(cpu).p50).padStart(9)}  ${JSON.stringify(mix[i]!.input).slice(0, 200)}`);
  }
  const p = percentiles(all);
  const c = percentiles(allCpu);
  console.log(`  selected queries: p50 ${fmt(p.p50)}  p95 ${fmt(p.p95)}  max ${fmt(p.max)} (${all.length} runs); CPU p50 ${fmt(c.p50)}  p95 ${fmt(c.p95)}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

/** A list of query numbers after a flag (`--only 3,17,39`; `all` = the whole mix), or undefined without the flag. */
function queryList(flag: string, size: number): number[] | undefined {
  const at = process.argv.indexOf(flag);
  if (at < 0) return undefined;
  const value = process.argv[at + 1] ?? '';
  if (value === 'all') return Array.from({ length: size }, (_, i) => i);
  return value.split(',').map(Number).filter((n) => Number.isInteger(n) && n >= 0 && n < size);
}

async function main() {
  const opened = await openBenchDatabase();
  const { where, cleanup, folder } = opened;
  /** The open handle (null between a close and the next open, so the end never closes one twice). */
  let handle: DbHandle | null = opened.handle;
  const reopen = async (worker: boolean): Promise<DbHandle> => {
    await handle?.close();
    handle = null;
    handle = await openDatabase({ dataDir: folder!, worker });
    return handle;
  };
  console.log(`Skillproof search benchmark: ${PEOPLE} people, ${ROUNDS} rounds of 80 queries (the last 20 with query-language text), ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`Database: ${where}`);
  try {
    await migrateDatabase(opened.handle);
    let db = opened.handle.db;
    const { counts, reused } = await generationPhase(db);
    const iterating = process.argv.includes('--explain') || process.argv.includes('--only');
    if (!iterating) {
      await buildPhase(db, folder ? ', PGlite in this process' : '');
      if (folder) {
        // The way `npm run reindex` and the web server read a PGlite folder: PGlite on a worker thread.
        await buildPhase((await reopen(true)).db, ', PGlite on a worker thread as npm run reindex and the web server run it');
        // Everything after runs in-process as before, so its figures compare with earlier runs.
        if (!BUILD_ONLY) db = (await reopen(false)).db;
      }
    }
    if (BUILD_ONLY) return;

    const engines = configuredEngines(db);
    const mix = queryMix();
    queryMixCache = mix;
    const parsed = mix.map((m) => searchQuerySchema.parse(m.input));
    const explain = queryList('--explain', mix.length);
    if (explain) return await explainQueries(db, mix, parsed, explain);
    const only = queryList('--only', mix.length);
    if (only) {
      await indexPhase(db, engines[0]!, counts, reused);
      return await timeOnly(engines[0]!, mix, parsed, only);
    }
    for (const engine of engines) {
      console.log(`\n${engine.kind} engine`);
      if (isElasticsearch(engine) && (!reused || process.argv.includes('--reindex'))) await esWritePhase(db, engine);
      await indexPhase(db, engine, counts, reused);
      await searchPhase(db, engine, mix, parsed);
    }
    console.log(`\nload average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${peakRss()}`);
  } finally {
    await handle?.close();
    await cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
