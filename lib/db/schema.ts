// The relational model: the source of truth. The search index is derived from it (see lib/search).
// Migrations are generated from this file into drizzle/ by `npm run db:generate` and never edited after they ship.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const id = () =>
  text('id')
    .primaryKey()
    .$defaultFn(() => crypto.randomUUID());
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

export const userRole = pgEnum('user_role', ['recruiter', 'manager', 'hr', 'admin']);
export const personKind = pgEnum('person_kind', ['employee', 'candidate']);
export const issuerTrust = pgEnum('issuer_trust', ['trusted', 'unknown', 'blocked']);
export const credentialStatus = pgEnum('credential_status', [
  'verified',
  'unverified',
  'invalid',
  'revoked',
  'expired',
  'not-yet-valid',
  'suspended',
]);
export const credentialFormat = pgEnum('credential_format', [
  'ob2-hosted',
  'ob2-signed',
  'ob3-ldp',
  'ob3-jwt',
  'clr2-ldp',
  'clr2-jwt',
  'course-csv',
]);
export const skillFramework = pgEnum('skill_framework', ['UK DDaT', 'O*NET', 'ESCO', 'SFIA', 'custom']);
export const outboxOp = pgEnum('outbox_op', ['upsert', 'delete']);
/** Kinds of recipient identity a person can hold (a credential is attached only when its recipient is one of them). */
export const identityKind = pgEnum('identity_kind', ['email', 'did', 'url', 'profile']);

export const departments = pgTable('departments', {
  id: text('id').primaryKey(), // slug, e.g. "data-science"
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const users = pgTable('users', {
  id: id(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: userRole('role').notNull(),
  /** Managers see and plan only for this department. */
  departmentId: text('department_id').references(() => departments.id),
  /** bcrypt; null for users who only sign in through OIDC. */
  passwordHash: text('password_hash'),
  createdAt: createdAt(),
  /** Set by an admin: the user can no longer sign in, and sessions already issued stop working. */
  deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
});

export const people = pgTable(
  'people',
  {
    id: id(),
    kind: personKind('kind').notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    headline: text('headline').notNull().default(''),
    location: text('location').notNull().default(''),
    departmentId: text('department_id').references(() => departments.id),
    /** Current role title (employees) or target role (candidates). */
    currentRole: text('current_role').notNull().default(''),
    /** Role profile the person currently holds, when known (internal mobility ladders). */
    currentRoleProfileId: text('current_role_profile_id'),
    openToMobility: boolean('open_to_mobility').notNull().default(false),
    /** Consent to be found in search; a person who withdraws it is hidden everywhere but to HR/admin. */
    searchable: boolean('searchable').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('people_email_idx').on(t.email),
    index('people_department_idx').on(t.departmentId),
    index('people_kind_idx').on(t.kind),
  ],
);

export const issuers = pgTable('issuers', {
  id: text('id').primaryKey(), // URL or DID
  name: text('name').notNull(),
  url: text('url'),
  trust: issuerTrust('trust').notNull().default('unknown'),
  /** Why the trust is what it is: "admin" (added by hand) or the registry it was imported from. */
  trustSource: text('trust_source'),
  trustChangedAt: timestamp('trust_changed_at', { withTimezone: true }),
  /** Resolved public keys (JWK or multibase), cached with the time they were fetched. */
  keys: jsonb('keys').$type<unknown[]>().notNull().default([]),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * Recipient identities of a person beyond `people.email` (which always counts): more emails, DIDs,
 * URLs, profile identifiers. `canonical` is the compared form (lib/credentials canonicalIdentity:
 * emails lower-cased without mailto:, the rest as written); it is unique, so one identity can never
 * bind a credential to two people.
 */
export const personIdentities = pgTable(
  'person_identities',
  {
    id: id(),
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    kind: identityKind('kind').notNull(),
    value: text('value').notNull(),
    canonical: text('canonical').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('person_identities_canonical_idx').on(t.canonical), index('person_identities_person_idx').on(t.personId)],
);

/** One alignment of an achievement to a framework skill, as the credential states it. */
export type AlignmentJson = {
  targetName: string;
  targetUrl?: string;
  targetFramework?: string;
  targetCode?: string;
  targetType?: string;
  targetDescription?: string;
};
/** OB 3.0 ResultDescription with its ordered rubric levels. */
export type ResultDescriptionJson = {
  id?: string;
  name: string;
  resultType?: string;
  alignments?: AlignmentJson[];
  rubricCriterionLevels?: { id?: string; name: string; level?: string; points?: string; description?: string }[];
  requiredLevel?: string;
};
/** Skills an achievement proves, after mapping: what the catalog and pathways read. */
export type AchievementSkillJson = { skillId: string; level: number; sourceLevel?: string; sourceFramework?: string };

export const achievements = pgTable(
  'achievements',
  {
    id: text('id').primaryKey(), // the achievement / BadgeClass id as issued
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    type: text('type').notNull().default('Badge'),
    issuerId: text('issuer_id').references(() => issuers.id),
    criteria: text('criteria'),
    image: text('image'),
    alignments: jsonb('alignments').$type<AlignmentJson[]>().notNull().default([]),
    resultDescriptions: jsonb('result_descriptions').$type<ResultDescriptionJson[]>().notNull().default([]),
    /** Mapped skills and levels: filled by the credential mapper, read by pathways. */
    skills: jsonb('skills').$type<AchievementSkillJson[]>().notNull().default([]),
    creditsAvailable: real('credits_available'),
    /** Stacks: ids of achievements this one is part of (e.g. a badge that counts toward a certificate). */
    partOf: jsonb('part_of').$type<string[]>().notNull().default([]),
    /** In the catalog offered by pathways (things people can go and earn). */
    inCatalog: boolean('in_catalog').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('achievements_issuer_idx').on(t.issuerId)],
);

export type CheckJson = {
  id: string;
  result: 'pass' | 'fail' | 'warn' | 'skipped';
  message: string;
};
export type EvidenceJson = { id?: string; name?: string; narrative?: string; description?: string };

export const credentials = pgTable(
  'credentials',
  {
    id: id(),
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    format: credentialFormat('format').notNull(),
    /** The document exactly as received (JSON text, compact JWS/JWT, or CSV row). */
    raw: text('raw').notNull(),
    /** sha256 of the raw document: re-uploading the same credential is idempotent. */
    contentHash: text('content_hash').notNull(),
    /** The credential's own id, when it has one. */
    credentialUri: text('credential_uri'),
    achievementId: text('achievement_id').references(() => achievements.id),
    issuerId: text('issuer_id').references(() => issuers.id),
    /** A CLR's nested credentials point at the CLR they came in. */
    parentCredentialId: text('parent_credential_id'),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    validFrom: timestamp('valid_from', { withTimezone: true }),
    validUntil: timestamp('valid_until', { withTimezone: true }),
    status: credentialStatus('status').notNull(),
    checks: jsonb('checks').$type<CheckJson[]>().notNull().default([]),
    /** Results (achieved levels) as stated in the credential. */
    results: jsonb('results').$type<{ resultDescription?: string; achievedLevel?: string; value?: string }[]>().notNull().default([]),
    evidence: jsonb('evidence').$type<EvidenceJson[]>().notNull().default([]),
    /** Skills and levels this credential states, after mapping (the credential's results against its
     * achievement's alignments): person_skills are recomputed from these without re-parsing `raw`. */
    skills: jsonb('skills').$type<AchievementSkillJson[]>().notNull().default([]),
    /** seed | upload | api | csv */
    source: text('source').notNull(),
    /**
     * How the credential was bound to its person: 'matched' (its recipient is one of their
     * identities) or 'overridden' (HR attached it anyway, with `overrideReason`; it never counts
     * toward verified levels).
     */
    recipientBinding: text('recipient_binding').$type<'matched' | 'overridden'>().notNull().default('matched'),
    overrideReason: text('override_reason'),
    overriddenBy: text('overridden_by'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('credentials_person_hash_idx').on(t.personId, t.contentHash),
    index('credentials_person_idx').on(t.personId),
    index('credentials_status_idx').on(t.status),
    index('credentials_issued_idx').on(t.issuedAt),
  ],
);

export const skills = pgTable(
  'skills',
  {
    id: text('id').primaryKey(), // e.g. "ddat:user-research", "onet:python", "custom:<hash>"
    name: text('name').notNull(),
    framework: skillFramework('framework').notNull(),
    code: text('code'),
    url: text('url'),
    description: text('description').notNull().default(''),
    aliases: jsonb('aliases').$type<string[]>().notNull().default([]),
    /** Framework level descriptions keyed by the 1-5 scale, where the framework has them. */
    levelDescriptions: jsonb('level_descriptions').$type<Record<string, string>>().notNull().default({}),
    /** Where a custom skill came from (the alignment as stated). */
    source: jsonb('source').$type<AlignmentJson | null>(),
    createdAt: createdAt(),
  },
  (t) => [index('skills_name_idx').on(t.name), index('skills_framework_idx').on(t.framework)],
);

/**
 * Derived: rebuilt from credentials by the mapper, in the same transaction as any credential change.
 * `verified` rows come only from verified, unexpired, unrevoked credentials; self-reported rows sit apart.
 */
export const personSkills = pgTable(
  'person_skills',
  {
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    skillId: text('skill_id')
      .notNull()
      .references(() => skills.id),
    verified: boolean('verified').notNull(),
    level: integer('level').notNull(), // 1..5
    /** The level as the source stated it, and in which framework/rubric, for provenance. */
    sourceLevel: text('source_level'),
    sourceFramework: text('source_framework'),
    credentialIds: jsonb('credential_ids').$type<string[]>().notNull().default([]),
    issuerIds: jsonb('issuer_ids').$type<string[]>().notNull().default([]),
    achievedAt: timestamp('achieved_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /**
     * Verified rows: the highest level proven by credentials of trusted issuers alone (null when no
     * trusted issuer proves the skill), those credentials, and the earliest expiry among them. A
     * level above `trusted_level` is shown marked "issuer not on your trusted list".
     */
    trustedLevel: integer('trusted_level'),
    trustedCredentialIds: jsonb('trusted_credential_ids').$type<string[]>().notNull().default([]),
    trustedExpiresAt: timestamp('trusted_expires_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.skillId, t.verified] }),
    index('person_skills_skill_level_idx').on(t.skillId, t.level),
  ],
);

export const roleProfiles = pgTable(
  'role_profiles',
  {
    id: id(),
    name: text('name').notNull(),
    /** Ladder: role levels of one family and track, ordered by rank (junior -> senior -> lead). */
    family: text('family').notNull().default(''),
    track: text('track').notNull().default(''),
    levelName: text('level_name').notNull().default(''),
    ladderRank: integer('ladder_rank').notNull().default(0),
    description: text('description').notNull().default(''),
    departmentId: text('department_id').references(() => departments.id),
    openSeats: integer('open_seats').notNull().default(0),
    plannedHeadcount: integer('planned_headcount').notNull().default(0),
    /** ddat | custom */
    source: text('source').notNull().default('custom'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('role_profiles_family_idx').on(t.family, t.track, t.ladderRank)],
);

export const roleRequirements = pgTable(
  'role_requirements',
  {
    roleId: text('role_id')
      .notNull()
      .references(() => roleProfiles.id, { onDelete: 'cascade' }),
    skillId: text('skill_id')
      .notNull()
      .references(() => skills.id),
    minLevel: integer('min_level').notNull(),
    weight: real('weight').notNull().default(1),
    essential: boolean('essential').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.roleId, t.skillId] })],
);

/**
 * A pathway assigned to an employee (issue 14): the badges they still needed for a target role when
 * a manager or HR assigned it, tracked step by step as credentials arrive. The steps are a snapshot
 * (the plan the person agreed to), not recomputed; their states are recomputed from the person's
 * credentials in the same transaction as every person_skills recompute (ingest, re-verify, trust change).
 * 'completed' while every step is earned (a revoked credential can take it back to 'active');
 * 'cancelled' by a person who may assign.
 */
export const pathwayAssignmentStatus = pgEnum('pathway_assignment_status', ['active', 'completed', 'cancelled']);
export const pathwayStepState = pgEnum('pathway_step_state', ['not_started', 'started', 'earned']);

/** A skill a step must prove, at its level, and the person's verified level when it was assigned. */
export type PathwayStepTargetJson = { skill: string; skillName: string; level: number; baseline: number };

export const pathwayAssignments = pgTable(
  'pathway_assignments',
  {
    id: id(),
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** The target role; null once it is deleted (role_name keeps what it was). */
    roleId: text('role_id').references(() => roleProfiles.id, { onDelete: 'set null' }),
    roleName: text('role_name').notNull(),
    /** users.id of who assigned it (no foreign key, like audit_log.actor_id: the record outlives the account). */
    assignedBy: text('assigned_by'),
    /** Optional, a calendar day (no time zone): "by 30 June". */
    targetDate: date('target_date', { mode: 'string' }),
    note: text('note').notNull().default(''),
    status: pathwayAssignmentStatus('status').notNull().default('active'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('pathway_assignments_person_idx').on(t.personId),
    index('pathway_assignments_status_idx').on(t.status, t.createdAt),
    // One open assignment per person and role: assigning it again opens the existing one.
    uniqueIndex('pathway_assignments_open_idx').on(t.personId, t.roleId).where(sql`${t.status} <> 'cancelled'`),
  ],
);

export const pathwayAssignmentSteps = pgTable(
  'pathway_assignment_steps',
  {
    assignmentId: text('assignment_id')
      .notNull()
      .references(() => pathwayAssignments.id, { onDelete: 'cascade' }),
    /** 1-based, in the plan's order. */
    position: integer('position').notNull(),
    /** badge | stack */
    kind: text('kind').notNull(),
    achievementId: text('achievement_id').notNull(),
    name: text('name').notNull(),
    issuerName: text('issuer_name'),
    /** A stack's badges (achievement ids and names). */
    parts: jsonb('parts').$type<{ achievementId: string; name: string }[]>().notNull().default([]),
    targets: jsonb('targets').$type<PathwayStepTargetJson[]>().notNull().default([]),
    state: pathwayStepState('state').notNull().default('not_started'),
    /** The credentials behind the state (what started or earned it). */
    credentialIds: text('credential_ids').array().notNull().default(sql`'{}'::text[]`),
    startedAt: timestamp('started_at', { withTimezone: true }),
    earnedAt: timestamp('earned_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.assignmentId, t.position] })],
);

/** Pipeline stages of a shortlist member, in order (lib/domain/shortlist-pipeline.ts names them). */
export const shortlistStage = pgEnum('shortlist_stage', ['sourced', 'contacted', 'interviewing', 'offered', 'hired', 'rejected']);
export const shortlistAccess = pgEnum('shortlist_access', ['view', 'edit']);

/** A requirement a shortlist scores its members against (the query model's requirement shape). */
export type ShortlistRequirementJson = { skill: string; minLevel: number; weight: number; essential: boolean };

export const shortlists = pgTable('shortlists', {
  id: id(),
  ownerId: text('owner_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  /** What members are scored against (match %, CSV): copied from the search they came from or a role profile. */
  requirements: jsonb('requirements').$type<ShortlistRequirementJson[]>().notNull().default([]),
  /** Where the requirements came from, in words ("the search …", "role profile Senior data scientist"). */
  requirementsLabel: text('requirements_label').notNull().default(''),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const shortlistMembers = pgTable(
  'shortlist_members',
  {
    shortlistId: text('shortlist_id')
      .notNull()
      .references(() => shortlists.id, { onDelete: 'cascade' }),
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    note: text('note').notNull().default(''),
    stage: shortlistStage('stage').notNull().default('sourced'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.shortlistId, t.personId] })],
);

/** Named colleagues a shortlist is shared with; the owner is not listed here. */
export const shortlistShares = pgTable(
  'shortlist_shares',
  {
    shortlistId: text('shortlist_id')
      .notNull()
      .references(() => shortlists.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    access: shortlistAccess('access').notNull().default('view'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.shortlistId, t.userId] }), index('shortlist_shares_user_idx').on(t.userId)],
);

export const savedSearches = pgTable(
  'saved_searches',
  {
    id: id(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The search query model (lib/domain/search-query.ts). */
    query: jsonb('query').$type<Record<string, unknown>>().notNull(),
    /** "Notify me": the owner is shown, in the app, people who newly match since lastSeenAt. */
    notify: boolean('notify').notNull().default(false),
    /** The ids that matched when the owner last looked (null until notify is first turned on). */
    seenPersonIds: jsonb('seen_person_ids').$type<string[]>(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  // Names are unique per owner regardless of case and surrounding spaces, so "Python" and "python " are one name.
  (t) => [uniqueIndex('saved_searches_owner_name_idx').on(t.ownerId, sql`lower(${t.name})`)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actorId: text('actor_id'),
    /** e.g. person.view, compare.export, credential.reverify */
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  // The admin audit viewer lists newest first, filtered by action or actor.
  (t) => [index('audit_subject_idx').on(t.subjectType, t.subjectId), index('audit_at_idx').on(t.at), index('audit_action_at_idx').on(t.action, t.at), index('audit_actor_at_idx').on(t.actorId, t.at)],
);

/**
 * Written in the same transaction as the data it describes; drained into the search engine by the
 * indexer. Nothing a user uploads is lost while the engine is down: rows wait here.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    aggregate: text('aggregate').notNull().default('person'),
    aggregateId: text('aggregate_id').notNull(),
    op: outboxOp('op').notNull().default('upsert'),
    createdAt: createdAt(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Earliest time of the next attempt (backoff). */
    availableAt: timestamp('available_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    index('outbox_pending_idx').on(t.availableAt).where(sql`${t.processedAt} is null`),
    // The backlog as the health check reads it (count, oldest, the newest row's error): only the rows
    // not yet processed, newest first. The outbox keeps every processed row, so without it the newest
    // failing row was looked for by scanning every row ever written backwards (5.5 ms a probe on the
    // 2,000-person demo after a few minutes of imports, and growing).
    index('outbox_unprocessed_idx').on(t.id).where(sql`${t.processedAt} is null`),
  ],
);

export const apiKeys = pgTable('api_keys', {
  id: id(),
  name: text('name').notNull(),
  /** The first characters of the key, shown in the admin page to tell keys apart. */
  prefix: text('prefix').notNull(),
  /** sha256 of the whole key; the key itself is shown once and never stored. */
  keyHash: text('key_hash').notNull().unique(),
  role: userRole('role').notNull(),
  createdBy: text('created_by'),
  createdAt: createdAt(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/**
 * One row per signed-in session. The session cookie is a JWT carrying this row's id; every session
 * read checks the row, so signing out (which sets revokedAt) ends the session on the server too,
 * not only in the browser that signed out.
 */
export const userSessions = pgTable(
  'user_sessions',
  {
    id: id(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('user_sessions_user_idx').on(t.userId)],
);

/** Small key/value facts about this installation (seed version, index version). */
export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<unknown>().notNull(),
  updatedAt: updatedAt(),
});

/**
 * The embedded search engine's index (lib/search/embedded-engine.ts): one row per indexed person,
 * written only from PersonDoc by the indexer, exactly like the Elasticsearch index. Derived and
 * rebuildable (`npm run reindex`); no foreign keys, so a person deleted from `people` stays here until
 * the outbox delete is processed.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    personId: text('person_id').primaryKey(),
    kind: personKind('kind').notNull(),
    name: text('name').notNull(),
    headline: text('headline').notNull().default(''),
    location: text('location').notNull().default(''),
    departmentId: text('department_id'),
    currentRole: text('current_role').notNull().default(''),
    currentRoleProfileId: text('current_role_profile_id'),
    openToMobility: boolean('open_to_mobility').notNull().default(false),
    searchable: boolean('searchable').notNull().default(true),
    /** Unused since migration 0013 (fieldTokens replaced it); kept because shipped migrations are never edited. */
    tokens: text('tokens').array().notNull().default(sql`'{}'::text[]`),
    /**
     * Distinct field-prefixed word tokens (`n:smith`, `s:python`) of the text fields; unused since
     * migration 0016 (search_doc_text holds them as integer keys), kept because shipped migrations are never edited.
     */
    fieldTokens: text('field_tokens').array().notNull().default(sql`'{}'::text[]`),
    /** The text fields' values as `|<field> w1 w2 ` segments, for phrases (lib/search/text-tokens.ts). */
    fieldText: text('field_text').notNull().default(''),
    issuerIds: text('issuer_ids').array().notNull().default(sql`'{}'::text[]`),
    verifiedCredentialCount: integer('verified_credential_count').notNull().default(0),
    lastVerifiedAt: timestamp('last_verified_at', { withTimezone: true }),
    verifiedCredentialDates: timestamp('verified_credential_dates', { withTimezone: true }).array().notNull().default(sql`'{}'::timestamptz[]`),
    /** Skill facet fast path: skills of verified rows without an expiry date, and of any such row. */
    facetSkillsVerified: text('facet_skills_verified').array().notNull().default(sql`'{}'::text[]`),
    facetSkillsAll: text('facet_skills_all').array().notNull().default(sql`'{}'::text[]`),
    /** The person has a skill row with an expiry date: the facet reads their rows at query time. */
    hasExpiringSkills: boolean('has_expiring_skills').notNull().default(false),
    indexedAt: timestamp('indexed_at', { withTimezone: true }).notNull().defaultNow(),
    /** Integer surrogate key: the facet table joins and hashes on it instead of the text person id. */
    docNo: integer('doc_no').generatedByDefaultAsIdentity(),
  },
  (t) => [
    index('search_documents_kind_idx').on(t.kind),
    uniqueIndex('search_documents_doc_no_idx').on(t.docNo),
  ],
);

export const searchDocumentSkills = pgTable(
  'search_document_skills',
  {
    personId: text('person_id').notNull(),
    skillId: text('skill_id').notNull(),
    verified: boolean('verified').notNull(),
    level: integer('level').notNull(),
    credentialIds: jsonb('credential_ids').$type<string[]>().notNull().default([]),
    achievedAt: timestamp('achieved_at', { withTimezone: true }),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    trustedLevel: integer('trusted_level'),
    trustedCredentialIds: jsonb('trusted_credential_ids').$type<string[]>().notNull().default([]),
    trustedExpiresAt: timestamp('trusted_expires_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.personId, t.skillId, t.verified] }), index('search_document_skills_skill_idx').on(t.skillId, t.level)],
);

/** Integer keys for skill ids in the embedded index (search_skill_facts), assigned on first use. */
export const searchSkillKeys = pgTable('search_skill_keys', {
  skillNo: integer('skill_no').primaryKey().generatedByDefaultAsIdentity(),
  skillId: text('skill_id').notNull().unique(),
});

/**
 * The embedded engine's narrow copy of search_document_skills for facet counting: integer document
 * and skill keys, no jsonb, so a broad match's skill facet hashes and scans a fraction of the bytes.
 * Written and deleted together with search_document_skills.
 */
export const searchSkillFacts = pgTable(
  'search_skill_facts',
  {
    docNo: integer('doc_no').notNull(),
    skillNo: integer('skill_no').notNull(),
    level: smallint('level').notNull(),
    verified: boolean('verified').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** The level from trusted issuers alone (null: none), and its expiry ("trusted issuers only" searches). */
    trustedLevel: smallint('trusted_level'),
    trustedExpiresAt: timestamp('trusted_expires_at', { withTimezone: true }),
    /** Verified credentials behind the row, and trusted issuers' among them (the ranking's evidence tie-break). */
    credentials: smallint('credentials').notNull().default(0),
    trustedCredentials: smallint('trusted_credentials').notNull().default(0),
  },
  (t) => [
    index('search_skill_facts_doc_idx').on(t.docNo),
    /** Requirement levels: every row of a skill, with what scoring reads, from the index alone. */
    index('search_skill_facts_level_idx').on(t.skillNo, t.docNo, t.level, t.verified, t.expiresAt, t.credentials),
  ],
);

/**
 * Every distinct word of the embedded index's text fields: typo-tolerant and prefix words are
 * expanded against it (pg_trgm for prefixes, fuzzystrmatch to narrow typo candidates) before the
 * search, so the search itself is exact array lookups. Only grows; a reindex may leave unused words,
 * which match nobody.
 */
export const searchTerms = pgTable(
  'search_terms',
  {
    term: text('term').primaryKey(),
  },
  (t) => [index('search_terms_trgm_idx').using('gin', t.term.op('gin_trgm_ops'))],
);

/**
 * Integer keys for the embedded index's text terms (migration 0016): each field-prefixed word
 * (`n:smith`) and each run of two or three words within one field value (`h:platform engineer`), so
 * that phrases of up to three words are exact term lookups. Assigned on first use; only grows.
 */
export const searchTextKeys = pgTable('search_text_keys', {
  termNo: integer('term_no').primaryKey().generatedByDefaultAsIdentity(),
  term: text('term').notNull().unique(),
});

/**
 * One narrow row per indexed document: its text terms as integer keys (search_text_keys), GIN-indexed.
 * Text conditions read these ~100-400 bytes per person instead of the ~1 KB search_documents row.
 * Filled by the SQL function search_doc_text_fill (migration 0016) from search_documents.field_text;
 * written and deleted with search_documents.
 */
export const searchDocText = pgTable(
  'search_doc_text',
  {
    docNo: integer('doc_no').primaryKey(),
    terms: integer('terms').array().notNull().default(sql`'{}'::int4[]`),
  },
  (t) => [index('search_doc_text_terms_idx').using('gin', t.terms)],
);

/**
 * Integer keys for the combinations of the attributes the visibility scope and the cell filters read
 * (kind, department, location, open to mobility, searchable), assigned on first use. The embedded
 * engine keeps facet totals per cell, so any scope's or filter's totals are sums of cells.
 */
export const searchCells = pgTable(
  'search_cells',
  {
    cellNo: integer('cell_no').primaryKey().generatedByDefaultAsIdentity(),
    kind: personKind('kind').notNull(),
    /** '' for none (so the unique key holds for people without a department). */
    departmentId: text('department_id').notNull(),
    location: text('location').notNull(),
    openToMobility: boolean('open_to_mobility').notNull(),
    searchable: boolean('searchable').notNull(),
  },
  (t) => [uniqueIndex('search_cells_key_idx').on(t.kind, t.departmentId, t.location, t.openToMobility, t.searchable)],
);

/**
 * The embedded engine's narrow row per indexed document: every column a search filters, sorts or
 * counts facets on, and each person's counted skills as int4 arrays, so building the matched set and
 * counting the skill facet read ~250 bytes per person instead of the ~1 KB search_documents row and
 * the person's search_skill_facts rows. Skill arrays: `skills_*` hold skill keys of rows that never
 * expire; `expiring_*` the other skills with their latest expiry (a skill is in one or the other), so
 * "counted at instant t" is decided at query time. Written and deleted with search_documents.
 */
export const searchDocFacets = pgTable(
  'search_doc_facets',
  {
    docNo: integer('doc_no').primaryKey(),
    /** The document's cell (search_cells): facet totals are counted per cell on int keys. */
    cellNo: integer('cell_no').notNull(),
    personId: text('person_id').notNull(),
    kind: personKind('kind').notNull(),
    name: text('name').notNull(),
    location: text('location').notNull().default(''),
    departmentId: text('department_id'),
    currentRole: text('current_role').notNull().default(''),
    openToMobility: boolean('open_to_mobility').notNull().default(false),
    searchable: boolean('searchable').notNull().default(true),
    lastVerifiedAt: timestamp('last_verified_at', { withTimezone: true }),
    issuerIds: text('issuer_ids').array().notNull().default(sql`'{}'::text[]`),
    /** Skills with a verified row that never expires. */
    skillsVerified: integer('skills_verified').array().notNull().default(sql`'{}'::int4[]`),
    /** Skills with any row (verified or self-reported) that never expires. */
    skillsAny: integer('skills_any').array().notNull().default(sql`'{}'::int4[]`),
    /** Skills whose verified row expires, and when (parallel arrays). */
    expiringVerified: integer('expiring_verified').array().notNull().default(sql`'{}'::int4[]`),
    expiringVerifiedUntil: timestamp('expiring_verified_until', { withTimezone: true }).array().notNull().default(sql`'{}'::timestamptz[]`),
    /** Skills not in skills_any (every row expires), and the latest expiry of their rows. */
    expiringAny: integer('expiring_any').array().notNull().default(sql`'{}'::int4[]`),
    expiringAnyUntil: timestamp('expiring_any_until', { withTimezone: true }).array().notNull().default(sql`'{}'::timestamptz[]`),
    /** The verified level of each skill in skills_verified / expiring_verified (parallel arrays; one verified row per skill). */
    skillsVerifiedLevels: smallint('skills_verified_levels').array().notNull().default(sql`'{}'::int2[]`),
    expiringVerifiedLevels: smallint('expiring_verified_levels').array().notNull().default(sql`'{}'::int2[]`),
    /** Issue dates of the person's verified credentials (insights: credentials earned per month). */
    credentialDates: timestamp('credential_dates', { withTimezone: true }).array().notNull().default(sql`'{}'::timestamptz[]`),
  },
  (t) => [index('search_doc_facets_location_idx').on(t.location), index('search_doc_facets_department_idx').on(t.departmentId)],
);

/**
 * Facet totals of the embedded index by cell (search_cells), maintained by statement triggers on
 * search_doc_facets (migration 0017) in the writer's own transaction, whoever writes: people per cell,
 * people per (cell, skill) from the never-expiring skill arrays (verified only, and any level),
 * people per (cell, issuer), and the expiring skills per (cell, skill, latest expiry), so that the
 * counts at an instant are a sum over rows instead of a scan of every document. Rows may hold 0.
 */
export const searchCellPeople = pgTable('search_cell_people', {
  cellNo: integer('cell_no').primaryKey(),
  people: integer('people').notNull(),
});

export const searchCellSkills = pgTable(
  'search_cell_skills',
  {
    verifiedOnly: boolean('verified_only').notNull(),
    cellNo: integer('cell_no').notNull(),
    skillNo: integer('skill_no').notNull(),
    people: integer('people').notNull(),
  },
  (t) => [primaryKey({ columns: [t.verifiedOnly, t.cellNo, t.skillNo] })],
);

export const searchCellExpiring = pgTable(
  'search_cell_expiring',
  {
    verifiedOnly: boolean('verified_only').notNull(),
    cellNo: integer('cell_no').notNull(),
    skillNo: integer('skill_no').notNull(),
    /** The person's latest expiry of the skill (the expiring_*_until array element). */
    until: timestamp('until', { withTimezone: true }).notNull(),
    people: integer('people').notNull(),
  },
  (t) => [primaryKey({ columns: [t.verifiedOnly, t.cellNo, t.skillNo, t.until] })],
);

export const searchCellIssuers = pgTable(
  'search_cell_issuers',
  {
    cellNo: integer('cell_no').notNull(),
    issuerId: text('issuer_id').notNull(),
    people: integer('people').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cellNo, t.issuerId] })],
);

/**
 * HR insights' maintained counts (migration 0018, same triggers as the facet totals): people per
 * (cell, skill, verified level) for levels that never expire, and per (cell, skill, level, expiry)
 * for the others; verified credentials per (cell, issue month), and per (cell, issue instant) for the
 * months a window cuts through.
 */
export const searchCellSkillLevels = pgTable(
  'search_cell_skill_levels',
  {
    cellNo: integer('cell_no').notNull(),
    skillNo: integer('skill_no').notNull(),
    level: smallint('level').notNull(),
    people: integer('people').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cellNo, t.skillNo, t.level] })],
);

export const searchCellExpiringLevels = pgTable(
  'search_cell_expiring_levels',
  {
    cellNo: integer('cell_no').notNull(),
    skillNo: integer('skill_no').notNull(),
    level: smallint('level').notNull(),
    until: timestamp('until', { withTimezone: true }).notNull(),
    people: integer('people').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cellNo, t.skillNo, t.level, t.until] })],
);

export const searchCellMonths = pgTable(
  'search_cell_months',
  {
    cellNo: integer('cell_no').notNull(),
    /** 'YYYY-MM' of the issue instant in UTC. */
    month: text('month').notNull(),
    credentials: integer('credentials').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cellNo, t.month] })],
);

export const searchCellCredentialDates = pgTable(
  'search_cell_credential_dates',
  {
    cellNo: integer('cell_no').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    credentials: integer('credentials').notNull(),
  },
  (t) => [primaryKey({ columns: [t.cellNo, t.issuedAt] }), index('search_cell_credential_dates_issued_idx').on(t.issuedAt)],
);

/**
 * One row (id 1): a version of the embedded search index, bumped by statement triggers on every
 * write to search_documents / search_skill_facts (migration 0007), in the writer's own transaction.
 * The embedded engine keys its cached per-scope facet totals on it, so a write by any process or
 * any SQL invalidates them.
 */
export const searchIndexState = pgTable('search_index_state', {
  id: smallint('id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
});

/**
 * Related skills by co-occurrence (issue 13 item 4): for each skill, the skills most often held with
 * it at a verified level of 2 or more, by the same people. Derived from person_skills by the indexer
 * (lib/search/skill-cooccurrence.ts), replaced whole in one transaction; never edited by hand.
 * Computed over everyone (an aggregate, with a minimum of co-holders), so it names skills, not people.
 */
export const skillCooccurrence = pgTable(
  'skill_cooccurrence',
  {
    skillId: text('skill_id').notNull(),
    relatedSkillId: text('related_skill_id').notNull(),
    /** People holding both at a verified level >= 2. */
    people: integer('people').notNull(),
    /** people / holders of skill_id at that level: "62 % of people with Pandas also hold Python". */
    share: real('share').notNull(),
    /** 1 = most often co-held with skill_id. */
    rank: smallint('rank').notNull(),
  },
  (t) => [primaryKey({ columns: [t.skillId, t.relatedSkillId] }), index('skill_cooccurrence_rank_idx').on(t.skillId, t.rank)],
);

/** One row (id 1): when skill_cooccurrence was last computed, and from how many holders. */
export const skillCooccurrenceState = pgTable('skill_cooccurrence_state', {
  id: smallint('id').primaryKey(),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
  people: integer('people').notNull(),
});
