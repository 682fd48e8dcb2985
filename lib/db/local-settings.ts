// One statement run with transaction-local settings (statement_timeout, work_mem, jit) in a single
// round trip. A transaction (BEGIN, set_config, the statement, COMMIT) costs four round trips; on the
// web server's PGlite worker, whose one backend is locked from BEGIN to COMMIT, the backend also waits
// for this thread between them (issue 12 item 6: a search was 9 statements, half its SQL time).
// Over node-postgres the two statements are pipelined instead: Parse/Bind/Execute of the settings,
// then of the statement, then ONE Sync. Postgres runs the messages before a Sync in one implicit
// transaction, so `set_config(..., true)` holds for the statement and ends with it, exactly as in
// BEGIN ... COMMIT (and an error in either rolls both back; the connection is ready again after the
// Sync). In-process PGlite and an open transaction keep the plain transaction: no round trips there.
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect, PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { rowsOf, type DbOrTx } from './client';

/** Transaction-local settings for one statement (values are fixed by the caller's code, never input). */
export type LocalSettings = Record<string, string>;

const dialect = new PgDialect();

/** The node-postgres pool behind a drizzle database, or null (in-process PGlite, or a transaction). */
function poolOf(db: DbOrTx): pg.Pool | null {
  if (db instanceof PgTransaction) return null;
  const client = (db as unknown as { $client?: unknown }).$client;
  return client instanceof pg.Pool ? client : null;
}

/** The settings as one statement of constants: set_config(name, value, true) for each. */
function settingsStatement(settings: LocalSettings): SQL {
  const calls = Object.entries(settings).map(([name, value]) => sql`set_config(${name}, ${value}, true)`);
  return sql`select ${sql.join(calls, sql`, `)}`;
}

/**
 * The extended-protocol messages of the settings (no Sync) and then the statement's own (Parse, Bind,
 * Describe, Execute, Sync: pg's Query). The answer holds two results; the statement's is the last.
 * pg's Query drives the rest (row parsing with the client's type parsers, errors, ReadyForQuery).
 */
class SettingsThenStatement extends pg.Query {
  constructor(
    private readonly settings: { text: string; values: unknown[] },
    private readonly statement: { text: string; values: unknown[] },
    private readonly prepared: boolean,
  ) {
    // Extended protocol always (the settings ride in front of the statement even when it has no values).
    super({ text: statement.text, values: statement.values as unknown[], queryMode: 'extended' } as pg.QueryConfig);
  }

  /** Called by Query#submit with the stream corked: every message leaves in one write. */
  prepare(connection: PipelineConnection): void {
    // Named on this connection (see preparedName), so Query#prepare parses it only the first time.
    if (this.prepared) (this as unknown as { name?: string }).name = preparedName(connection, this.statement.text);
    connection.parse({ text: this.settings.text, name: '', types: [] });
    connection.bind({ portal: '', statement: '', values: this.settings.values.map(String) });
    connection.describe({ type: 'P', name: '' });
    connection.execute({ portal: '', rows: 0 });
    (pg.Query.prototype as unknown as { prepare: (c: PipelineConnection) => void }).prepare.call(this, connection);
  }
}

/**
 * Named statements a connection keeps at most: later shapes run unnamed, so the backend's memory for
 * them stays bounded whatever mix of shapes the requests make (the search's shapes depend on how
 * many requirements, which facets and filters a query has).
 */
export const PREPARED_PER_CONNECTION = 32;
/**
 * Per connection: its number and the statements it has named (text -> name); and how many connections
 * were numbered. On globalThis, one per process: Next bundles this module into several chunks (route
 * handlers, pages, the instrumentation hook), and copies each counting from 1 named two different
 * statements `sp<pid>_1_0` on the same connection, or on PGlite's one backend ("prepared statement
 * already exists", a 503).
 */
const prepared = ((globalThis as unknown as { skillproofPrepared?: PreparedState }).skillproofPrepared ??= {
  byConnection: new WeakMap(),
  connectionsSeen: 0,
});
type PreparedState = { byConnection: WeakMap<object, { id: number; names: Map<string, string> }>; connectionsSeen: number };
const preparedByConnection = prepared.byConnection;

/**
 * The name of `text` on this connection, or undefined once it has named PREPARED_PER_CONNECTION
 * others. Unique to this process and connection: on the web server's PGlite every connection of the
 * socket reaches the same single backend, where prepared statements of all of them (and of any
 * command connected meanwhile) live side by side, so a name shared by two connections would be
 * refused as already existing by the second.
 */
function preparedName(connection: object, text: string): string | undefined {
  let entry = preparedByConnection.get(connection);
  if (!entry) {
    entry = { id: ++prepared.connectionsSeen, names: new Map() };
    preparedByConnection.set(connection, entry);
  }
  const known = entry.names.get(text);
  if (known !== undefined || entry.names.size >= PREPARED_PER_CONNECTION) return known;
  const name = `sp${process.pid}_${entry.id}_${entry.names.size}`;
  entry.names.set(text, name);
  return name;
}

/**
 * Deallocate the statements a connection of `pool` named, once the pool has removed it (idle timeout,
 * an error, the pool's end). Only for pools whose connections share one backend, the web server's
 * PGlite worker: there a closed connection's prepared statements stay in the backend for good, so a
 * pool that drops and opens connections would pile them up without bound. On a Postgres server each
 * connection has its own backend and its statements end with it.
 */
export function deallocateWhenRemoved(db: DbOrTx): void {
  const pool = poolOf(db);
  pool?.on('remove', (client) => {
    const entry = preparedByConnection.get((client as unknown as { connection: object }).connection);
    if (!entry || entry.names.size === 0) return;
    const names = [...entry.names.values()];
    entry.names.clear();
    // Any live connection reaches the same backend. Names are ours (`sp<pid>_<n>_<k>`), never input.
    // Not every name need exist (a Parse that failed): look them up rather than fail on one.
    pool
      .query(`do $$ declare n text; begin for n in select name from pg_prepared_statements where name = any(array['${names.join("','")}']) loop execute 'deallocate ' || quote_ident(n); end loop; end $$`)
      .catch(() => undefined); // the pool is ending, or the database is gone: nothing is left to free
  });
}

/** The slice of pg's Connection that a custom query writes messages with (as pg-cursor does). */
type PipelineConnection = {
  parse(config: { text: string; name: string; types: unknown[] }): void;
  bind(config: { portal: string; statement: string; values: (string | null)[] }): void;
  describe(config: { type: 'P' | 'S'; name: string }): void;
  execute(config: { portal: string; rows: number }): void;
};

/**
 * The statement's rows, run with `settings` local to it; one round trip over node-postgres.
 * `prepared`: a named statement on each pooled connection (parsed and analysed once there, bound and
 * executed after), for hot statements whose text repeats. Run with `plan_cache_mode` set to
 * `force_custom_plan` in `settings` unless a generic plan was measured to be as good: Postgres
 * switches a named statement to a generic plan after five runs when it guesses it no costlier, and
 * for the search's whole-cell statement that plan took 216 ms where its own plan took 8.
 */
export async function queryWithLocalSettings<T>(db: DbOrTx, settings: LocalSettings, statement: SQL, options: { prepared?: boolean } = {}): Promise<T[]> {
  const pool = poolOf(db);
  if (!pool) {
    const run = async (tx: DbOrTx) => {
      await tx.execute(settingsStatement(settings));
      return rowsOf<T>(await tx.execute(statement));
    };
    return db instanceof PgTransaction ? run(db) : db.transaction(run);
  }
  const toQuery = (statementSql: SQL) => {
    const { sql: text, params } = dialect.sqlToQuery(statementSql);
    return { text, values: params };
  };
  const settingsQuery = toQuery(settingsStatement(settings));
  const mainQuery = toQuery(statement);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const results = await new Promise<pg.QueryResult | pg.QueryResult[]>((resolve, reject) => {
      client.query(new SettingsThenStatement(settingsQuery, mainQuery, options.prepared === true) as unknown as pg.QueryConfig, ((err: Error | null, res: pg.QueryResult | pg.QueryResult[]) =>
        err ? reject(err) : resolve(res)) as never);
    });
    const last = Array.isArray(results) ? results[results.length - 1]! : results;
    return last.rows as T[];
  } catch (err) {
    // An error the server answered (a timeout, a bad statement) leaves the connection ready after the
    // Sync; anything else (a dropped socket) does not, and the pool must not hand it out again. Nor
    // after a prepared statement's error: pg marks the name parsed when the settings' Parse completes,
    // so if the statement's own Parse failed, the connection would bind a name the backend lacks.
    if (!(err instanceof pg.DatabaseError) || options.prepared === true) broken = err as Error;
    throw err;
  } finally {
    client.release(broken);
  }
}

/**
 * The rows of a fixed-shape statement run as a named statement on the pooled connection (parsed and
 * planned once there; Postgres then reuses a generic plan when it is no costlier than a custom one,
 * which for primary-key lookups it is). For hot reads whose planning is a large part of their cost:
 * the profile statement planned in 2-5 ms of its 4-6 ms on PGlite (many correlated subqueries), every
 * view, on the worker's one backend. Names come from the same per-connection counter as the searches'
 * (at most PREPARED_PER_CONNECTION a connection, then unnamed), so connections sharing the worker's
 * backend never collide. In-process PGlite and transactions run it plainly.
 */
export async function queryPrepared<T>(db: DbOrTx, statement: SQL): Promise<T[]> {
  const pool = poolOf(db);
  if (!pool) return rowsOf<T>(await db.execute(statement));
  const { sql: text, params } = dialect.sqlToQuery(statement);
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const name = preparedName((client as unknown as { connection: object }).connection, text);
    const result = await client.query<T & pg.QueryResultRow>({ text, values: params as unknown[], ...(name ? { name } : {}) });
    return result.rows;
  } catch (err) {
    // As above: after a failed exchange on a named statement, the connection is not handed out again.
    broken = err as Error;
    throw err;
  } finally {
    client.release(broken);
  }
}
