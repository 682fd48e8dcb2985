// Real signed credentials for catalog badges (the demo issuers' did:key, VC-JWT), verified by the real
// verifier: for database tests that need credentials to arrive for a person.
import { signVcJwt } from '../lib/credentials/issue';
import { createCredentialLoader } from '../lib/credentials/loader';
import type { VerificationReport } from '../lib/credentials/types';
import { verifyCredentialFile } from '../lib/credentials/verify';
import { achievementDocument, buildCatalog, rubricLevelId, type CatalogBadge } from '../lib/seed/catalog';
import { demoIssuerKeys, type DemoIssuerWithKey } from '../lib/seed/import-catalog';

let issuers: Promise<Map<string, DemoIssuerWithKey>> | null = null;
let counter = 0;

export const testCatalog = buildCatalog();

export function catalogBadge(skillId: string, level: number): CatalogBadge {
  const b = testCatalog.find((x) => x.skillId === skillId && x.level === level);
  if (!b) throw new Error(`no catalog badge for ${skillId} at ${level}`);
  return b;
}

export function catalogBadgeById(id: string): CatalogBadge {
  const b = testCatalog.find((x) => x.id === id);
  if (!b) throw new Error(`no catalog badge ${id}`);
  return b;
}

/** Sign the badge for `email` and verify it as an upload would; `validUntil` to make it expire. */
export async function signedCatalogReport(b: CatalogBadge, opts: { email: string; now: Date; issuedAt?: string; validUntil?: string }): Promise<VerificationReport[]> {
  issuers ??= demoIssuerKeys();
  const issuer = (await issuers).get(b.issuerKey)!;
  const key = issuer.issuerKey;
  const unsigned: Record<string, unknown> = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `urn:uuid:00000000-0000-4000-9000-${String(++counter).padStart(12, '0')}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: key.did, type: ['Profile'], name: issuer.name, url: issuer.url },
    validFrom: opts.issuedAt ?? '2025-01-10T00:00:00Z',
    name: b.name,
    credentialSubject: {
      id: `mailto:${opts.email}`,
      type: ['AchievementSubject'],
      achievement: achievementDocument(b, { did: key.did, name: issuer.name, url: issuer.url }),
      result: [{ type: ['Result'], resultDescription: `${b.id}#result`, achievedLevel: rubricLevelId(b.id, b.level!) }],
    },
  };
  if (opts.validUntil) unsigned.validUntil = opts.validUntil;
  const jwt = await signVcJwt(unsigned, key);
  return verifyCredentialFile(
    { name: 'badge.jwt', bytes: new TextEncoder().encode(jwt) },
    { now: opts.now, loader: createCredentialLoader({ offline: true }), recipientIdentities: [opts.email, `mailto:${opts.email}`] },
  );
}
