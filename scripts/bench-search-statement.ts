// `npx tsx scripts/bench-search-statement.ts [--searches 300] [--rounds 20]`
// Main-thread CPU of building one search's SQL (searchStatement + rendering its text and parameters),
// outside any database: the load benchmark's search mix (1-3 requirements, 30 % essential, facets skill
// and department, 20 a page) over made-up skill keys, with and without the complement branch.
import { PgDialect } from 'drizzle-orm/pg-core';
import { parseArgs } from 'node:util';
import { searchQuerySchema } from '../lib/domain/search-query';
import { searchStatement } from '../lib/search/embedded-engine';
import { flatStatement } from '../lib/search/statement-text';

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

const { values } = parseArgs({ options: { searches: { type: 'string' }, rounds: { type: 'string' } } });
const searches = Number(values.searches ?? 300);
const rounds = Number(values.rounds ?? 20);
const rand = random(1);
const skillIds = Array.from({ length: 60 }, (_, i) => `skill-${i}`);
const keys = new Map(skillIds.map((id, i) => [id, i + 1]));
const pick = () => skillIds[Math.floor(rand() * skillIds.length)]!;
const queries = Array.from({ length: searches }, () => {
  const chosen = [...new Set(Array.from({ length: 1 + Math.floor(rand() * 3) }, pick))];
  return searchQuerySchema.parse({ requirements: chosen.map((skill) => ({ skill, minLevel: 1 + Math.floor(rand() * 4), essential: rand() < 0.3 })), pageSize: 20, facets: ['skill', 'department'] });
});
const scope = { all: true, candidates: true, mobileEmployees: true, departmentId: null };
const dialect = new PgDialect();
const at = new Date();
const complement = { visible: 2000, version: 7 };

const variants: Record<string, () => number> = {
  'tree + text (before)': () => {
    let n = 0;
    for (const q of queries) n += dialect.sqlToQuery(searchStatement(q, scope, at, keys, complement, false)).params.length;
    return n;
  },
  'tree only': () => {
    let n = 0;
    for (const q of queries) n += searchStatement(q, scope, at, keys, complement, false).queryChunks.length;
    return n;
  },
  'tree + one walk (after)': () => {
    let n = 0;
    for (const q of queries) n += dialect.sqlToQuery(flatStatement(searchStatement(q, scope, at, keys, complement, false))).params.length;
    return n;
  },
};
const cpu: Record<string, number[]> = {};
for (let r = 0; r < rounds; r++) {
  for (const [name, run] of Object.entries(variants)) {
    const c0 = process.cpuUsage();
    run();
    const c = process.cpuUsage(c0);
    if (r >= 3) (cpu[name] ??= []).push((c.user + c.system) / 1000 / searches);
  }
}
for (const [name, list] of Object.entries(cpu)) {
  list.sort((a, b) => a - b);
  console.log(`${name.padEnd(24)} median ${(list[Math.floor(list.length / 2)]! * 1000).toFixed(1)} µs a search (min ${(list[0]! * 1000).toFixed(1)}, ${list.length} rounds of ${searches})`);
}
