// @ts-check
// The one place that reads process.env. Everything else imports `env` from here.
// Empty strings count as unset, so `FOO=` in a shell or .env file means "use the default".
import { z } from 'zod';

const emptyAsUndefined = (/** @type {unknown} */ value) => (value === '' ? undefined : value);
/**
 * @template {z.ZodTypeAny} T
 * @param {T} schema
 */
const optional = (schema) => z.preprocess(emptyAsUndefined, schema.optional());
const booleanFlag = z.preprocess(
  emptyAsUndefined,
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no'])
    .optional()
    .transform((v) => v === '1' || v === 'true' || v === 'yes'),
);
const postgresUrl = z
  .string()
  .url()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// or postgresql:// URL');

export const envSchema = z.object({
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(['development', 'test', 'production']).default('development')),
  /** Postgres server; unset means embedded PGlite under DATA_DIR. */
  DATABASE_URL: optional(postgresUrl),
  /** A Postgres server for the database test suite (tests also always run on PGlite). */
  DATABASE_URL_TEST: optional(postgresUrl),
  /** Where embedded data lives (PGlite files, generated secrets). */
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('.data')),
  /** Elasticsearch cluster; unset means the embedded SQL search engine. */
  ELASTICSEARCH_URL: optional(z.string().url()),
  ELASTICSEARCH_API_KEY: optional(z.string()),
  ELASTICSEARCH_USERNAME: optional(z.string()),
  ELASTICSEARCH_PASSWORD: optional(z.string()),
  /** Prefix of index and alias names, so several deployments (or test runs) share a cluster. */
  ELASTICSEARCH_INDEX_PREFIX: z.preprocess(emptyAsUndefined, z.string().regex(/^[a-z0-9][a-z0-9_-]*$/).default('skillproof')),
  /**
   * Primary shards of a new people index (read at index creation: a reindex applies a change). One
   * shard keeps term aggregations exact and is right up to tens of millions of small documents; more
   * spread indexing and search over nodes (docs/search.md, "Elasticsearch").
   */
  ELASTICSEARCH_SHARDS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(64).default(1)),
  /**
   * Replicas of the people index. Unset: `auto_expand_replicas: 0-1` (none on a one-node cluster, which
   * then stays green; one as soon as a second node joins). A reindex loads with 0 and restores this at the swap.
   */
  ELASTICSEARCH_REPLICAS: optional(z.coerce.number().int().min(0).max(10)),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
  NEXTAUTH_URL: optional(z.string().url()),
  NEXTAUTH_SECRET: optional(z.string().min(16)),
  /** Generic OIDC provider for real deployments; all three or none. */
  OIDC_ISSUER: optional(z.string().url()),
  OIDC_CLIENT_ID: optional(z.string()),
  OIDC_CLIENT_SECRET: optional(z.string()),
  OIDC_NAME: z.preprocess(emptyAsUndefined, z.string().default('Single sign-on')),
  /** Demo users with passwords (credentials provider). On by default in embedded mode. */
  DEMO_USERS: z.preprocess(emptyAsUndefined, z.enum(['on', 'off']).optional()),
  /** Demo organisation size and random seed (deterministic). */
  SEED_PEOPLE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(1_000_000).default(2000)),
  SEED: z.preprocess(emptyAsUndefined, z.coerce.number().int().default(42)),
  /** JSON file: URL prefix -> local file or folder, consulted before the network. */
  CREDENTIALS_RESOLVER_MAP: optional(z.string()),
  /** Allow the credential loader to reach loopback addresses (tests only). */
  CREDENTIALS_ALLOW_LOOPBACK: booleanFlag,
  /** Allow the credential loader to reach private-range addresses (intranet issuers). */
  CREDENTIALS_ALLOW_PRIVATE: booleanFlag,
  /**
   * Requests the web server lets into the app at once; the rest wait in arrival order (health checks
   * and static files never wait). 0 turns the limit off. See lib/runtime/request-admission.js.
   */
  MAX_CONCURRENT_REQUESTS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(10_000).default(10)),
  /**
   * gzip: the server compresses its answers (Next's compression). off: it leaves that to a reverse
   * proxy or CDN in front (Next's advice for self-hosting behind one), which saves the CPU gzip costs
   * under load (docs/foundation.md, "Session 23, compression"). Read when the server starts.
   */
  HTTP_COMPRESSION: z.preprocess(emptyAsUndefined, z.enum(['gzip', 'off']).default('gzip')),
  /** Run the outbox indexer inside the web server process. */
  INDEXER_IN_PROCESS: z.preprocess(emptyAsUndefined, z.enum(['on', 'off']).default('on')),
  SKIP_ENV_VALIDATION: booleanFlag,
  /** `npm run bench:load` only: the server to drive and who signs in (flags win over these). */
  BENCH_URL: optional(z.string().url()),
  BENCH_EMAIL: optional(z.string()),
  BENCH_PASSWORD: optional(z.string()),
});

/** @typedef {z.infer<typeof envSchema>} Env */

/**
 * Parse an environment; throws an Error naming every bad variable.
 * @param {Record<string, string | undefined>} source
 * @returns {Env}
 */
export function parseEnv(source) {
  const result = envSchema.safeParse(source);
  if (result.success) {
    const oidc = [result.data.OIDC_ISSUER, result.data.OIDC_CLIENT_ID, result.data.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      throw new Error('Invalid environment: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together');
    }
    return result.data;
  }
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid environment variables:\n${lines.join('\n')}`);
}

function loadEnv() {
  const skip = process.env.SKIP_ENV_VALIDATION === '1' || process.env.SKIP_ENV_VALIDATION === 'true';
  if (!skip) return parseEnv(process.env);
  // Tooling (lint, type generation) may run without a complete environment.
  const lenient = envSchema.safeParse(process.env);
  return lenient.success ? lenient.data : envSchema.parse({});
}

/** @type {Env} */
export const env = loadEnv();

/**
 * The environment a child process (a CLI, a test's owner process) inherits, with some variables
 * replaced: children need PATH and the rest as they are, so this is the one sanctioned copy of it.
 * @param {Record<string, string>} overrides
 * @returns {NodeJS.ProcessEnv}
 */
export const childProcessEnv = (overrides) => ({ ...process.env, ...overrides });

/** True when no DATABASE_URL is set: PGlite under DATA_DIR. */
export const isEmbeddedDatabase = () => !env.DATABASE_URL;
/** Demo users are on by default only in embedded mode. */
export const demoUsersEnabled = () => (env.DEMO_USERS ? env.DEMO_USERS === 'on' : !env.DATABASE_URL);
