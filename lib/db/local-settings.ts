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
    statement: { text: string; values: unknown[] },
  ) {
    super({ text: statement.text, values: statement.values as unknown[] });
  }

  /** Called by Query#submit with the stream corked: every message leaves in one write. */
  prepare(connection: PipelineConnection): void {
    connection.parse({ text: this.settings.text, name: '', types: [] });
    connection.bind({ portal: '', statement: '', values: this.settings.values.map(String) });
    connection.describe({ type: 'P', name: '' });
    connection.execute({ portal: '', rows: 0 });
    (pg.Query.prototype as unknown as { prepare: (c: PipelineConnection) => void }).prepare.call(this, connection);
  }
}

/** The slice of pg's Connection that a custom query writes messages with (as pg-cursor does). */
type PipelineConnection = {
  parse(config: { text: string; name: string; types: unknown[] }): void;
  bind(config: { portal: string; statement: string; values: (string | null)[] }): void;
  describe(config: { type: 'P' | 'S'; name: string }): void;
  execute(config: { portal: string; rows: number }): void;
};

/** The statement's rows, run with `settings` local to it; one round trip over node-postgres. */
export async function queryWithLocalSettings<T>(db: DbOrTx, settings: LocalSettings, statement: SQL): Promise<T[]> {
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
      client.query(new SettingsThenStatement(settingsQuery, mainQuery) as unknown as pg.QueryConfig, ((err: Error | null, res: pg.QueryResult | pg.QueryResult[]) =>
        err ? reject(err) : resolve(res)) as never);
    });
    const last = Array.isArray(results) ? results[results.length - 1]! : results;
    return last.rows as T[];
  } catch (err) {
    // An error the server answered (a timeout, a bad statement) leaves the connection ready after the
    // Sync; anything else (a dropped socket) does not, and the pool must not hand it out again.
    if (!(err instanceof pg.DatabaseError)) broken = err as Error;
    throw err;
  } finally {
    client.release(broken);
  }
}
