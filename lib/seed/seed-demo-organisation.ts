// The demo organisation, seeded on first start (`npm start`) or by `npm run seed`.
// Deterministic from `seed`, idempotent (the seed version is recorded in app_meta and a second call
// is a no-op). People's skills are never written directly: every badge is a real signed OB 3.0
// credential (Data Integrity eddsa-rdfc-2022 or VC-JWT, from did:key issuers), some revoked through
// a BitstringStatusList, some expired, some tampered, and each goes through verification and ingest
// exactly as an upload would. person_skills are what verification + mapping make of them.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import bcrypt from 'bcryptjs';
import { eq, sql } from 'drizzle-orm';
import { env } from '../env.js';
import type { DbOrTx } from '../db/client';
import { appMeta, outbox, people, roleProfiles, users } from '../db/schema';
import { createStatusListCredential, signDataIntegrity, signVcJwt } from '../credentials/issue';
import { createCredentialLoader } from '../credentials/loader';
import { verifyCredentialFile } from '../credentials/verify';
import type { VerificationReport } from '../credentials/types';
import { ingestReportsForPeople, loadSkillIndex } from '../data/ingest-credentials';
import { achievementDocument, buildCatalog, rubricLevelId, type CatalogBadge } from './catalog';
import { importCatalog, demoIssuerKeys, type DemoIssuerWithKey } from './import-catalog';
import { importTaxonomy } from './import-taxonomy';
import { planDemoOrganisation, type PlannedCredential, type PlannedPerson } from './plan-demo-organisation';

/** Bump when the shape of the demo data changes; an existing database keeps what it was seeded with. */
export const SEED_VERSION = 1;
const META_KEY = 'demo_seed';

export const DEMO_PASSWORD = 'skillproof-demo';
export const DEMO_USERS = [
  { email: 'recruiter@skillproof.demo', name: 'Riley Recruiter', role: 'recruiter' as const, departmentId: null },
  { email: 'manager@skillproof.demo', name: 'Morgan Manager', role: 'manager' as const, departmentId: 'data' },
  { email: 'hr@skillproof.demo', name: 'Harper HR', role: 'hr' as const, departmentId: null },
  { email: 'admin@skillproof.demo', name: 'Alex Admin', role: 'admin' as const, departmentId: null },
];

export type SeedProgress = { phase: string; done: number; total: number };
export type SeedOptions = {
  people: number;
  seed: number;
  onProgress?: (progress: SeedProgress) => void;
  /** The day the organisation is seeded "as of" (default: today, 00:00 UTC). */
  now?: Date;
  /** Where status lists and the resolver map are written (default DATA_DIR). */
  dataDir?: string;
};
export type SeedSummary = {
  skipped: boolean;
  version: number;
  people: number;
  credentials: number;
  byStatus: Record<string, number>;
  ms: number;
};

export async function seedDemoOrganisation(db: DbOrTx, options: SeedOptions): Promise<SeedSummary> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => {});
  const [existing] = await db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, META_KEY)).limit(1);
  if (existing) {
    const value = existing.value as Partial<SeedSummary>;
    return { skipped: true, version: value.version ?? 0, people: value.people ?? 0, credentials: value.credentials ?? 0, byStatus: value.byStatus ?? {}, ms: 0 };
  }
  const now = options.now ?? startOfUtcDay(new Date());

  progress({ phase: 'taxonomy', done: 0, total: 3 });
  await importTaxonomy(db);
  progress({ phase: 'taxonomy', done: 1, total: 3 });
  await importCatalog(db);
  progress({ phase: 'taxonomy', done: 2, total: 3 });
  await seedDemoUsers(db);
  progress({ phase: 'taxonomy', done: 3, total: 3 });

  const plan = planDemoOrganisation({ people: options.people, seed: options.seed, now });
  progress({ phase: 'people', done: 0, total: plan.length });
  await insertPeople(db, plan);
  progress({ phase: 'people', done: plan.length, total: plan.length });

  const issuers = await demoIssuerKeys();
  const catalog = new Map(buildCatalog().map((b) => [b.id, b]));
  const dataDir = path.resolve(options.dataDir ?? env.DATA_DIR);
  const statusLists = await writeStatusLists(plan, issuers, dataDir, options.seed);
  // The seed never touches the network: status lists come from the files just written.
  const loader = createCredentialLoader({ resolverMap: statusLists.resolverMap, offline: true });
  const skillIndex = await loadSkillIndex(db);

  const byStatus: Record<string, number> = {};
  let credentialCount = 0;
  const total = plan.length;
  // Verified per person, ingested 25 people per transaction (ingestReportsForPeople): the same code
  // path as an upload, with the writes batched so 2,000 people seed in minutes.
  const BATCH = 25;
  for (let start = 0; start < plan.length; start += BATCH) {
    const batch: { personId: string; reports: VerificationReport[] }[] = [];
    for (const person of plan.slice(start, start + BATCH)) {
      const reports: VerificationReport[] = [];
      const recipientIdentities = [person.email];
      for (const planned of person.credentials) {
        const badge = catalog.get(planned.badgeId)!;
        const issuer = issuers.get(planned.issuerKey)!;
        const file = await issueCredential({ person, planned, badge, issuer, statusIndex: statusLists.indexOf(planned) });
        reports.push(...(await verifyCredentialFile(file, { now: new Date(), loader, issuerTrust: () => issuer.trust, recipientIdentities })));
      }
      if (person.courses.length > 0) {
        const csv = courseCsv(person);
        reports.push(...(await verifyCredentialFile({ name: 'course-completions.csv', bytes: new TextEncoder().encode(csv) }, { now: new Date(), loader, recipientIdentities })));
      }
      if (reports.length > 0) batch.push({ personId: person.id, reports });
    }
    const results = await ingestReportsForPeople(db, batch, { source: 'seed', actorId: null, skillIndex });
    for (const r of results.flat().flatMap((x) => [x, ...x.nested])) {
      if (r.outcome !== 'created') continue;
      credentialCount++;
      byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    }
    progress({ phase: 'credentials', done: Math.min(start + BATCH, total), total });
  }

  await updatePlannedHeadcount(db);
  const summary: SeedSummary = { skipped: false, version: SEED_VERSION, people: plan.length, credentials: credentialCount, byStatus, ms: Date.now() - started };
  await db
    .insert(appMeta)
    .values({ key: META_KEY, value: { ...summary, seed: options.seed, seededAt: new Date().toISOString(), asOf: now.toISOString() } })
    .onConflictDoNothing();
  progress({ phase: 'done', done: 1, total: 1 });
  return summary;
}

function startOfUtcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

async function seedDemoUsers(db: DbOrTx): Promise<void> {
  const hash = await bcrypt.hash(DEMO_PASSWORD, 10);
  for (const u of DEMO_USERS) {
    await db
      .insert(users)
      .values({ email: u.email, name: u.name, role: u.role, departmentId: u.departmentId, passwordHash: hash })
      .onConflictDoNothing({ target: users.email });
  }
}

async function insertPeople(db: DbOrTx, plan: PlannedPerson[]): Promise<void> {
  for (let i = 0; i < plan.length; i += 500) {
    const chunk = plan.slice(i, i + 500);
    await db.transaction(async (tx) => {
      await tx
        .insert(people)
        .values(
          chunk.map((p) => ({
            id: p.id,
            kind: p.kind,
            name: p.name,
            email: p.email,
            headline: p.headline,
            location: p.location,
            departmentId: p.departmentId,
            currentRole: p.currentRole,
            currentRoleProfileId: p.currentRoleProfileId,
            openToMobility: p.openToMobility,
          })),
        )
        .onConflictDoNothing();
      // Everyone is indexed, also people without a credential yet.
      await tx.insert(outbox).values(chunk.map((p) => ({ aggregate: 'person', aggregateId: p.id, op: 'upsert' as const })));
    });
  }
}

/** Planned headcount = current holders + open seats: the demand picture insights draw. */
async function updatePlannedHeadcount(db: DbOrTx): Promise<void> {
  await db.execute(sql`
    update ${roleProfiles} r
    set planned_headcount = r.open_seats + coalesce((select count(*)::int from ${people} p where p.current_role_profile_id = r.id and p.kind = 'employee'), 0)
    where r.source = 'ddat'`);
}

type StatusLists = {
  resolverMap: Record<string, string>;
  indexOf: (c: PlannedCredential) => { url: string; index: number } | null;
};

const statusListUrl = (issuer: DemoIssuerWithKey) => `${issuer.url}/status/1`;

/**
 * One BitstringStatusList per issuer (revocation), with the planned revoked credentials' bits set,
 * written to DATA_DIR/status-lists/ and mapped in DATA_DIR/resolver-map.json so that the server's
 * verifier (re-verify, uploads) resolves the same lists without a network.
 */
async function writeStatusLists(plan: PlannedPerson[], issuers: Map<string, DemoIssuerWithKey>, dataDir: string, seed: number): Promise<StatusLists> {
  const indexes = new Map<PlannedCredential, { url: string; index: number }>();
  const revoked = new Map<string, number[]>();
  const next = new Map<string, number>();
  for (const person of plan)
    for (const c of person.credentials) {
      const issuer = issuers.get(c.issuerKey)!;
      const url = statusListUrl(issuer);
      // Indexes start at a seed-dependent offset: positions in a list reveal nothing about order.
      const index = next.get(url) ?? (seed * 7919) % 1000;
      next.set(url, index + 1);
      indexes.set(c, { url, index });
      if (c.fate === 'revoked') revoked.set(url, [...(revoked.get(url) ?? []), index]);
    }
  const folder = path.join(dataDir, 'status-lists');
  mkdirSync(folder, { recursive: true });
  const resolverMap: Record<string, string> = {};
  for (const issuer of issuers.values()) {
    const url = statusListUrl(issuer);
    const credential = await createStatusListCredential({ id: url, key: issuer.issuerKey, revokedIndexes: revoked.get(url) ?? [] });
    const file = path.join(folder, `${issuer.key}.json`);
    writeFileSync(file, JSON.stringify(credential, null, 1));
    resolverMap[url] = file;
  }
  const mapFile = path.join(dataDir, 'resolver-map.json');
  let merged: Record<string, string> = {};
  if (existsSync(mapFile)) {
    try {
      merged = JSON.parse(readFileSync(mapFile, 'utf8')) as Record<string, string>;
    } catch {
      merged = {};
    }
  }
  // Paths relative to the map file's folder, so the data directory can be moved or mounted elsewhere.
  const relative = Object.fromEntries(Object.entries(resolverMap).map(([url, file]) => [url, path.relative(dataDir, file)]));
  writeFileSync(mapFile, JSON.stringify({ ...merged, ...relative }, null, 2) + '\n');
  return { resolverMap, indexOf: (c) => indexes.get(c) ?? null };
}

async function issueCredential(input: {
  person: PlannedPerson;
  planned: PlannedCredential;
  badge: CatalogBadge;
  issuer: DemoIssuerWithKey;
  statusIndex: { url: string; index: number } | null;
}): Promise<{ name: string; bytes: Uint8Array }> {
  const { person, planned, badge, issuer, statusIndex } = input;
  const key = issuer.issuerKey;
  const subject: Record<string, unknown> = {
    type: ['AchievementSubject'],
    achievement: achievementDocument(badge, { did: key.did, name: issuer.name, url: issuer.url }),
    result: [{ type: ['Result'], resultDescription: `${badge.id}#result`, achievedLevel: rubricLevelId(badge.id, badge.level ?? 1) }],
  };
  if (planned.hashedRecipient) {
    const hash = createHash('sha256').update(person.email + planned.salt).digest('hex');
    subject.identifier = [{ type: 'IdentityObject', identityHash: `sha256$${hash}`, identityType: 'emailAddress', hashed: true, salt: planned.salt }];
  } else {
    subject.id = `mailto:${person.email}`;
  }
  const unsigned: Record<string, unknown> = {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: `urn:uuid:${planned.uuid}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: key.did, type: ['Profile'], name: issuer.name, url: issuer.url },
    validFrom: planned.issuedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    name: badge.name,
    credentialSubject: subject,
  };
  if (planned.validUntil) unsigned.validUntil = planned.validUntil.toISOString().replace(/\.\d{3}Z$/, 'Z');
  if (statusIndex) {
    unsigned.credentialStatus = {
      id: `${statusIndex.url}#${statusIndex.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(statusIndex.index),
      statusListCredential: statusIndex.url,
    };
  }
  if (planned.withEvidence) {
    unsigned.evidence = [{ id: `https://portfolio.skillproof.demo/evidence/${planned.uuid}`, type: ['Evidence'], name: 'Assessed portfolio', narrative: `Portfolio reviewed by two assessors for ${badge.name}.` }];
  }

  if (planned.proof === 'data-integrity') {
    const signed = await signDataIntegrity(unsigned, key);
    if (planned.fate === 'tampered') {
      // A signed field changed after signing: the proof no longer matches.
      (signed.credentialSubject as { achievement: { name: string } }).achievement.name += ' (Distinction)';
    }
    return { name: `${planned.uuid}.json`, bytes: new TextEncoder().encode(JSON.stringify(signed)) };
  }
  let jwt = await signVcJwt(unsigned, key);
  if (planned.fate === 'tampered') {
    const [header, payload, signature] = jwt.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { vc: { name: string } };
    claims.vc.name += ' (Distinction)';
    jwt = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
  }
  return { name: `${planned.uuid}.jwt`, bytes: new TextEncoder().encode(jwt) };
}

/** A course-completion export (LinkedIn Learning / MOOC style) for one person: self-reported. */
function courseCsv(person: PlannedPerson): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['name,email,course,provider,completed_at,certificate_url'];
  for (const c of person.courses) {
    lines.push([person.name, person.email, c.course, c.provider, c.completedAt.toISOString().slice(0, 10), c.url].map(quote).join(','));
  }
  return lines.join('\n') + '\n';
}
