// Test helper: DID documents (and any other documents) served to the guarded loader from a
// resolver map of temporary files, so did:web resolution runs for real with no network.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCredentialLoader, didWebUrl, type CredentialLoader, type CreateCredentialLoaderOptions } from '../../lib/credentials/loader';

/** did:web DID -> its document; URL -> a document or raw text (status lists, JWKS). */
export function mappedLoader(options: { dids?: Record<string, unknown>; urls?: Record<string, unknown>; loader?: CreateCredentialLoaderOptions } = {}): CredentialLoader {
  const dir = mkdtempSync(path.join(tmpdir(), 'did-docs-'));
  const resolverMap: Record<string, string> = {};
  let n = 0;
  const put = (url: string, body: unknown) => {
    const file = path.join(dir, `doc-${n++}.json`);
    writeFileSync(file, typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body));
    resolverMap[url] = file;
  };
  for (const [did, doc] of Object.entries(options.dids ?? {})) {
    const url = didWebUrl(did);
    if (!url) throw new Error(`${did} is not a did:web`);
    put(url, doc);
  }
  for (const [url, body] of Object.entries(options.urls ?? {})) put(url, body);
  return createCredentialLoader({ offline: true, cacheTtlMs: 60_000, ...options.loader, resolverMap: { ...resolverMap, ...options.loader?.resolverMap } });
}
