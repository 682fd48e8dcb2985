// The one factory: Elasticsearch when ELASTICSEARCH_URL is set, otherwise the embedded SQL engine
// over the application database. Callers never construct engines themselves.
import { getDb, type DbOrTx } from '../db/client';
import { env } from '../env.js';
import { createEmbeddedEngine } from './embedded-engine';
import type { SearchEngine } from './engine';

const holder = globalThis as unknown as { skillproofEsEngine?: Promise<SearchEngine> };

export function configuredEngineKind(): 'embedded' | 'elasticsearch' {
  return env.ELASTICSEARCH_URL ? 'elasticsearch' : 'embedded';
}

/**
 * The configured engine. The embedded engine reads `db` (default: the app database), so a test or a
 * transaction can pass its own; the Elasticsearch engine is one client per process.
 */
export async function getSearchEngine(db?: DbOrTx): Promise<SearchEngine> {
  if (env.ELASTICSEARCH_URL) {
    const url = env.ELASTICSEARCH_URL;
    holder.skillproofEsEngine ??= import('./elasticsearch-engine').then(({ createElasticsearchEngine }) =>
      createElasticsearchEngine({
        node: url,
        apiKey: env.ELASTICSEARCH_API_KEY,
        username: env.ELASTICSEARCH_USERNAME,
        password: env.ELASTICSEARCH_PASSWORD,
        indexPrefix: env.ELASTICSEARCH_INDEX_PREFIX,
        shards: env.ELASTICSEARCH_SHARDS,
        replicas: env.ELASTICSEARCH_REPLICAS,
      }),
    );
    return holder.skillproofEsEngine;
  }
  return createEmbeddedEngine(db ?? (await getDb()));
}
