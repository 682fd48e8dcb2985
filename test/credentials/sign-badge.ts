// Real signed OB 3.0 badges for database tests: a catalog badge (so it maps to a known skill and
// level) issued by any demo issuer key, to any recipient form (mailto:, DID, URL, salted hash).
import { createHash } from 'node:crypto';
import { signVcJwt } from '../../lib/credentials/issue';
import { achievementDocument, buildCatalog, rubricLevelId, type CatalogBadge } from '../../lib/seed/catalog';
import type { DemoIssuerWithKey } from '../../lib/seed/import-catalog';

const catalog = buildCatalog();
let counter = 0;

export function catalogBadge(skillId: string, level: number): CatalogBadge {
  const b = catalog.find((x) => x.skillId === skillId && x.level === level);
  if (!b) throw new Error(`no badge ${skillId} ${level}`);
  return b;
}

export type Recipient = { id: string } | { hashedEmail: string; salt: string };

/** `achievement`: a hand-written OB 3.0 Achievement instead of the catalog badge's (then no result is stated). */
export async function signBadgeJwt(
  issuer: DemoIssuerWithKey,
  badge: CatalogBadge,
  recipient: Recipient,
  options: { validFrom?: string; achievement?: Record<string, unknown> } = {},
): Promise<{ name: string; bytes: Uint8Array }> {
  const key = issuer.issuerKey;
  const subject: Record<string, unknown> = options.achievement
    ? { type: ['AchievementSubject'], achievement: options.achievement }
    : {
        type: ['AchievementSubject'],
        achievement: achievementDocument(badge, { did: key.did, name: issuer.name, url: issuer.url }),
        result: [{ type: ['Result'], resultDescription: `${badge.id}#result`, achievedLevel: rubricLevelId(badge.id, badge.level!) }],
      };
  if ('id' in recipient) subject.id = recipient.id;
  else {
    subject.identifier = [
      {
        type: 'IdentityObject',
        identityHash: `sha256$${createHash('sha256').update(recipient.hashedEmail + recipient.salt).digest('hex')}`,
        identityType: 'emailAddress',
        hashed: true,
        salt: recipient.salt,
      },
    ];
  }
  const unsigned = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `urn:uuid:10000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: key.did, type: ['Profile'], name: issuer.name, url: issuer.url },
    validFrom: options.validFrom ?? '2025-01-10T00:00:00Z',
    name: String(options.achievement?.name ?? badge.name),
    credentialSubject: subject,
  };
  return { name: `badge-${counter}.jwt`, bytes: new TextEncoder().encode(await signVcJwt(unsigned, key)) };
}
