// What the engine sends over HTTP for writes, a reindex and a search, observed on a loopback stand-in
// that answers the few Elasticsearch endpoints involved (no cluster can run here; the contract suite runs
// the same engine against a real one whenever ELASTICSEARCH_URL is set). The stand-in stores nothing
// searchable: it records requests, answers bulk items (optionally refusing some), and measures how many
// bulk requests are in flight at once.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { searchQuerySchema } from '../domain/search-query';
import { streamFromLoader } from './elasticsearch-bulk';
import { createElasticsearchEngine } from './elasticsearch-engine';
import type { PersonDoc } from './engine';

type Recorded = { method: string; path: string; body: string };

const state = {
  requests: [] as Recorded[],
  aliasTarget: null as string | null,
  inFlightBulk: 0,
  maxInFlightBulk: 0,
  /** Person ids whose index item is refused (400, mapping error). */
  refuse: new Set<string>(),
  bulkDelayMs: 25,
};

function reply(res: http.ServerResponse, status: number, body?: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    state.requests.push({ method, path, body });
    if (path.endsWith('/_bulk')) {
      state.inFlightBulk += 1;
      state.maxInFlightBulk = Math.max(state.maxInFlightBulk, state.inFlightBulk);
      setTimeout(() => {
        state.inFlightBulk -= 1;
        const lines = body.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, { _index?: string; _id: string }>);
        const items: object[] = [];
        for (let i = 0; i < lines.length; i++) {
          const [op, meta] = Object.entries(lines[i]!)[0]!;
          if (op === 'index') i += 1;
          const refused = op === 'index' && state.refuse.has(meta._id);
          items.push({
            [op]: refused
              ? { _index: meta._index ?? 'x', _id: meta._id, status: 400, error: { type: 'mapper_parsing_exception', reason: 'refused by the test' } }
              : { _index: meta._index ?? 'x', _id: meta._id, status: op === 'delete' ? 404 : 201, result: op === 'delete' ? 'not_found' : 'created' },
          });
        }
        reply(res, 200, { took: 1, errors: items.some((it) => 'error' in Object.values(it)[0]), items });
      }, state.bulkDelayMs);
      return;
    }
    if (method === 'HEAD' && path.startsWith('/_alias/')) return reply(res, state.aliasTarget ? 200 : 404);
    if (method === 'GET' && path.startsWith('/_alias/')) {
      const alias = decodeURIComponent(path.slice('/_alias/'.length));
      return state.aliasTarget ? reply(res, 200, { [state.aliasTarget]: { aliases: { [alias]: {} } } }) : reply(res, 404, {});
    }
    if (method === 'POST' && path === '/_aliases') {
      const { actions } = JSON.parse(body) as { actions: { add?: { index: string } }[] };
      const add = actions.find((a) => a.add)?.add;
      if (add) state.aliasTarget = add.index;
      return reply(res, 200, { acknowledged: true });
    }
    if (method === 'PUT' && path.endsWith('/_mapping')) return reply(res, 200, { acknowledged: true });
    if (method === 'PUT' && path.endsWith('/_settings')) return reply(res, 200, { acknowledged: true });
    if (path.endsWith('/_refresh')) return reply(res, 200, { _shards: { total: 1, successful: 1, failed: 0 } });
    if (path.endsWith('/_search')) {
      return reply(res, 200, { took: 1, timed_out: false, _shards: { total: 1, successful: 1, failed: 0 }, hits: { total: { value: 0, relation: 'eq' }, hits: [] }, aggregations: {} });
    }
    if (method === 'PUT') {
      const index = decodeURIComponent(path.slice(1));
      const { aliases } = (body ? JSON.parse(body) : {}) as { aliases?: Record<string, unknown> };
      if (aliases && Object.keys(aliases).length > 0) state.aliasTarget = index;
      return reply(res, 200, { acknowledged: true, index });
    }
    if (method === 'DELETE') return reply(res, 200, { acknowledged: true });
    return reply(res, 400, { error: { type: 'unexpected', reason: `${method} ${path}` } });
  });
});

let node = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  node = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  state.requests = [];
  state.aliasTarget = null;
  state.inFlightBulk = 0;
  state.maxInFlightBulk = 0;
  state.refuse = new Set();
});

function doc(i: number): PersonDoc {
  return {
    personId: `p${String(i).padStart(5, '0')}`,
    kind: 'candidate',
    name: `Person ${i}`,
    email: `p${i}@example.test`,
    headline: 'Data analyst with a fairly long headline to give each document some weight in bytes',
    location: 'Leeds',
    departmentId: null,
    currentRole: '',
    currentRoleProfileId: null,
    openToMobility: false,
    searchable: true,
    skills: [{ skill: 'onet:python', level: 3, verified: true, credentialIds: ['c1'], issuerIds: ['i1'], achievedAt: null, expiresAt: null, trustedLevel: 3, trustedCredentialIds: ['c1'], trustedExpiresAt: null }],
    credentialNames: ['Python Practitioner'],
    skillNames: ['Python'],
    issuerIds: ['i1'],
    issuerNames: ['Issuer one'],
    verifiedCredentialCount: 1,
    lastVerifiedAt: '2025-01-01T00:00:00.000Z',
    verifiedCredentialDates: ['2025-01-01T00:00:00.000Z'],
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
}

const people = (n: number) => Array.from({ length: n }, (_, i) => doc(i));
const bulkRequests = () => state.requests.filter((r) => r.path.endsWith('/_bulk'));
const bulkItems = () => bulkRequests().flatMap((r) => r.body.split('\n').filter((l) => l.startsWith('{"index"') || l.startsWith('{"delete"')));

describe('Elasticsearch writes through the bulk helper', () => {
  test('a reindex loads a new index with refresh off and no replicas, several bulk requests in flight, then restores settings, refreshes and swaps the alias in one call', async () => {
    const engine = createElasticsearchEngine({ node, indexPrefix: 't', shards: 3, replicas: 2, bulk: { flushBytes: 20_000, concurrency: 3 } });
    state.aliasTarget = 't-people-v3-1';
    const phases: string[] = [];
    await engine.reindex(
      async (onBatch) => {
        for (let i = 0; i < 6; i++) await onBatch(people(300).slice(i * 50, i * 50 + 50));
        return 300;
      },
      (p) => phases.push(p.phase),
    );
    const seq = state.requests.map((r) => `${r.method} ${r.path.replace(/-\d+(?=\/|$)/, '-<ts>')}`);
    const create = state.requests.find((r) => r.method === 'PUT' && /^\/t-people-v\d+-\d+$/.test(r.path))!;
    expect(JSON.parse(create.body)).toMatchObject({ settings: { number_of_shards: 3, number_of_replicas: 0, refresh_interval: '-1' } });
    // Every document written once, in several requests, up to three at a time.
    expect(bulkItems()).toHaveLength(300);
    expect(bulkRequests().length).toBeGreaterThan(3);
    expect(state.maxInFlightBulk).toBe(3);
    const settings = state.requests.find((r) => r.path.endsWith('/_settings'))!;
    expect(JSON.parse(settings.body)).toEqual({ auto_expand_replicas: 'false', number_of_replicas: 2, refresh_interval: '1s' });
    const aliases = state.requests.filter((r) => r.path === '/_aliases');
    expect(aliases).toHaveLength(1);
    expect(JSON.parse(aliases[0]!.body).actions).toEqual([{ remove: { index: 't-people-v3-1', alias: 't-people' } }, { add: { index: create.path.slice(1), alias: 't-people', is_write_index: true } }]);
    // Order: create, bulk..., settings, refresh, alias swap, then the old index is deleted.
    const at = (pattern: RegExp) => seq.findIndex((s) => pattern.test(s));
    const lastBulk = seq.length - 1 - [...seq].reverse().findIndex((s) => s.endsWith('/_bulk'));
    expect(at(/^PUT \/t-people-v\d+-<ts>$/)).toBeLessThan(at(/_bulk$/));
    expect(lastBulk).toBeLessThan(at(/_settings$/));
    expect(at(/_settings$/)).toBeLessThan(at(/_refresh$/));
    expect(at(/_refresh$/)).toBeLessThan(at(/^POST \/_aliases$/));
    expect(at(/^POST \/_aliases$/)).toBeLessThan(state.requests.findIndex((r) => r.method === 'DELETE' && r.path === '/t-people-v3-1'));
    expect(phases[0]).toBe('creating');
    expect(phases.at(-1)).toBe('done');
  });

  test('refused items fail the reindex with their ids; the alias is not moved and the new index is deleted', async () => {
    const engine = createElasticsearchEngine({ node, indexPrefix: 't', bulk: { flushBytes: 20_000, concurrency: 2 } });
    state.aliasTarget = 't-people-v3-1';
    state.refuse = new Set(['p00007', 'p00123']);
    let batchesLoaded = 0;
    await expect(
      engine.reindex(async (onBatch) => {
        for (let i = 0; i < 4; i++) {
          await onBatch(people(200).slice(i * 50, i * 50 + 50));
          batchesLoaded += 1;
        }
        return 200;
      }),
    ).rejects.toThrow(/refused 2 of 200 writes: p00007: 400 mapper_parsing_exception/);
    expect(batchesLoaded).toBe(4);
    expect(state.requests.some((r) => r.path === '/_aliases')).toBe(false);
    expect(state.aliasTarget).toBe('t-people-v3-1');
    const created = state.requests.find((r) => r.method === 'PUT' && /^\/t-people-v\d+-\d+$/.test(r.path))!;
    expect(state.requests.some((r) => r.method === 'DELETE' && r.path === created.path)).toBe(true);
  });

  test('indexer batches: refused items fail the batch (the outbox retries it); deleting someone already gone does not', async () => {
    const engine = createElasticsearchEngine({ node, indexPrefix: 't' });
    state.aliasTarget = 't-people-v4-1';
    await engine.deletePeople(['gone-1', 'gone-2']);
    state.refuse = new Set(['p00001']);
    await expect(engine.indexPeople(people(3))).rejects.toThrow(/refused 1 of 3 writes: p00001/);
  });

  test('a search is one HTTP request, counted by the engine', async () => {
    const engine = createElasticsearchEngine({ node, indexPrefix: 't' });
    state.aliasTarget = 't-people-v4-1';
    await engine.health().catch(() => undefined);
    await engine.search(searchQuerySchema.parse({ requirements: [{ skill: 'onet:python', minLevel: 2 }], filters: { minScore: 0.5 }, facets: ['skill', 'level'] }), { all: true });
    const before = engine.requestCount();
    const searchesBefore = state.requests.length;
    await engine.search(searchQuerySchema.parse({ requirements: [{ skill: 'onet:python', minLevel: 2 }, { skill: 'onet:sql', minLevel: 3, essential: false }], page: 2, facets: ['skill', 'kind'] }), { all: true });
    expect(engine.requestCount() - before).toBe(1);
    expect(state.requests.length - searchesBefore).toBe(1);
    expect(state.requests.at(-1)!.path).toBe('/t-people/_search');
  });
});

describe('streamFromLoader (the reindex seam: the database pushes batches, the bulk helper pulls documents)', () => {
  test('holds at most the high-water mark of batches while the consumer is slow', async () => {
    let pushed = 0;
    let pulled = 0;
    let maxAhead = 0;
    const { items, loaded } = streamFromLoader<number>(async (onBatch) => {
      for (let b = 0; b < 10; b++) {
        await onBatch([b * 3, b * 3 + 1, b * 3 + 2]);
        pushed += 3;
        maxAhead = Math.max(maxAhead, pushed - pulled);
      }
      return 30;
    }, 2);
    const seen: number[] = [];
    for await (const n of items) {
      pulled += 1;
      seen.push(n);
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(await loaded).toBe(30);
    // Two whole batches waiting plus the one being consumed.
    expect(maxAhead).toBeLessThanOrEqual(9);
  });

  test('a loader failure ends the stream with that error; a consumer failure stops the loader', async () => {
    const failing = streamFromLoader<number>(async (onBatch) => {
      await onBatch([1]);
      throw new Error('database went away');
    });
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const n of failing.items) got.push(n);
      })(),
    ).rejects.toThrow('database went away');
    expect(got).toEqual([1]);

    let batches = 0;
    const stopped = streamFromLoader<number>(async (onBatch) => {
      for (;;) {
        await onBatch([batches]);
        batches += 1;
      }
    }, 1);
    const it = stopped.items[Symbol.asyncIterator]();
    await it.next();
    stopped.stop(new Error('cluster refused'));
    await expect(stopped.loaded).rejects.toThrow('cluster refused');
    expect(batches).toBeLessThan(5);
  });
});
