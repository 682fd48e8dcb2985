// Catalog import: the demo issuers (did:key, trust set) and their badge classes with in_catalog = true.
// Idempotent upserts on stable ids.
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { achievements, issuers } from '../db/schema';
import { deriveIssuerKey, type IssuerKey } from '../credentials/issue';
import { DEMO_ISSUERS, buildCatalog, type DemoIssuer } from './catalog';

export type DemoIssuerWithKey = DemoIssuer & { key: DemoIssuer['key']; issuerKey: IssuerKey };

export async function demoIssuerKeys(): Promise<Map<DemoIssuer['key'], DemoIssuerWithKey>> {
  const out = new Map<DemoIssuer['key'], DemoIssuerWithKey>();
  for (const issuer of DEMO_ISSUERS) out.set(issuer.key, { ...issuer, issuerKey: await deriveIssuerKey(issuer.seed) });
  return out;
}

export async function importCatalog(db: DbOrTx): Promise<{ issuers: number; achievements: number }> {
  const keys = await demoIssuerKeys();
  const badges = buildCatalog();
  await db.transaction(async (tx) => {
    await tx
      .insert(issuers)
      .values([...keys.values()].map((i) => ({ id: i.issuerKey.did, name: i.name, url: i.url, trust: i.trust, trustSource: i.trust === 'trusted' ? 'demo seed' : null, keys: [i.issuerKey.publicJwk] })))
      .onConflictDoUpdate({ target: issuers.id, set: { name: sql`excluded.name`, url: sql`excluded.url` } });
    for (let i = 0; i < badges.length; i += 200) {
      await tx
        .insert(achievements)
        .values(
          badges.slice(i, i + 200).map((b) => ({
            id: b.id,
            name: b.name,
            description: b.description,
            type: b.type,
            issuerId: keys.get(b.issuerKey)!.issuerKey.did,
            criteria: b.criteria,
            alignments: b.alignments,
            resultDescriptions: b.resultDescriptions,
            skills: b.skills,
            partOf: b.partOf,
            inCatalog: true,
          })),
        )
        .onConflictDoUpdate({
          target: achievements.id,
          set: {
            name: sql`excluded.name`,
            description: sql`excluded.description`,
            type: sql`excluded.type`,
            issuerId: sql`excluded.issuer_id`,
            criteria: sql`excluded.criteria`,
            alignments: sql`excluded.alignments`,
            resultDescriptions: sql`excluded.result_descriptions`,
            skills: sql`excluded.skills`,
            partOf: sql`excluded.part_of`,
            inCatalog: sql`true`,
          },
        });
    }
  });
  return { issuers: keys.size, achievements: badges.length };
}
