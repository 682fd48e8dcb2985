// The process that owns the embedded database serves it to local commands (`npm run apikey`, seed,
// indexer, reindex) over a Unix socket in the owner-only data folder, with @electric-sql/pglite-socket
// speaking the Postgres wire protocol. File permissions are the authentication: only the folder's
// owner can reach the socket, and nothing listens on the network.
//
// PGlite has one backend. pglite-socket queues the wire messages of its clients and runs each under
// PGlite's query lock, but that lock is released between messages, while the owning process's own
// queries and transactions take PGlite's transaction lock first. Left alone, the web server's queries
// would run inside a command's open transaction (or between its Parse and Sync), and a command's
// statements inside the web server's transaction. The gate below closes that gap: a socket client
// holds PGlite's transaction lock from its first message until the backend reports it idle again
// (ReadyForQuery 'I'), so each side's transaction, and each extended-protocol exchange, is whole.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';

export const SOCKET_PORT = 5432;
/** The frontend Terminate message's type byte. */
const TERMINATE = 0x58;
/** Unix socket paths are limited to ~107 bytes (sun_path); longer data folders use a private temp folder. */
const MAX_SOCKET_PATH = 100;

type RawStreamOptions = Parameters<PGlite['execProtocolRawStream']>[1];

/** The slice of PGlite that pglite-socket's queue uses, with the transaction lock held per client exchange. */
export class SessionGate {
  private held: { release: () => void } | null = null;
  private acquiring: Promise<void> | null = null;

  constructor(private readonly pg: PGlite) {}

  /** Awaited by the server's start(). */
  get waitReady(): Promise<void> {
    return this.pg.waitReady;
  }

  private acquire(): Promise<void> {
    if (this.held) return Promise.resolve();
    this.acquiring ??= new Promise<void>((acquired, failed) => {
      this.pg
        ._runExclusiveTransaction(
          () =>
            new Promise<void>((release) => {
              this.held = { release };
              this.acquiring = null;
              acquired();
            }),
        )
        .catch(failed);
    });
    return this.acquiring;
  }

  private releaseHeld(): void {
    const held = this.held;
    this.held = null;
    held?.release();
  }

  async runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    return this.pg.runExclusive(fn);
  }

  async execProtocolRawStream(message: Uint8Array, options: RawStreamOptions): Promise<void> {
    // Terminate ('X'): the client is leaving (node-postgres sends it from end(), and a pool sends it
    // whenever it drops an idle connection). PGlite's one backend must not see it, and no ReadyForQuery
    // follows it, so the lock this exchange took would stay held until the socket's close event, or for
    // good when that event races the server's own shutdown. Roll back what the client left open and
    // release the lock now.
    if (message[0] === TERMINATE) {
      if (this.pg.isInTransaction()) await this.pg.execProtocolRaw(simpleQueryMessage('ROLLBACK'));
      this.releaseHeld();
      return;
    }
    let tail: Uint8Array = new Uint8Array(0);
    await this.pg.execProtocolRawStream(message, {
      ...options,
      onRawData: (data: Uint8Array) => {
        tail = lastBytes(tail, data, 6);
        options?.onRawData?.(data);
      },
    });
    if (endsWithReadyForQueryIdle(tail)) this.releaseHeld();
  }

  /** The queue keeps serving the same client while this is true. */
  isInTransaction(): boolean {
    return this.held !== null;
  }

  /** Called by pglite-socket with 'ROLLBACK' when a client disconnects mid-exchange. */
  async exec(query: string): Promise<void> {
    if (query.trim().toUpperCase() !== 'ROLLBACK') throw new Error(`unexpected exec from the socket server: ${query}`);
    try {
      if (this.held && this.pg.isInTransaction()) {
        await this.pg.runExclusive(() => this.pg.execProtocolRaw(simpleQueryMessage('ROLLBACK')));
      }
    } finally {
      this.releaseHeld();
    }
  }
}

function lastBytes(previous: Uint8Array, next: Uint8Array, n: number): Uint8Array {
  if (next.length >= n) return next.slice(next.length - n);
  const joined = new Uint8Array(previous.length + next.length);
  joined.set(previous);
  joined.set(next, previous.length);
  return joined.slice(Math.max(0, joined.length - n));
}

/**
 * ReadyForQuery is always the last message of the answer to a Sync or a simple Query: 'Z', int32 5,
 * status ('I' idle, 'T' in a transaction, 'E' failed transaction). Text-format rows cannot contain the
 * NUL bytes of its length, so these six bytes at the end of an answer are never row data.
 */
export function endsWithReadyForQueryIdle(tail: Uint8Array): boolean {
  return tail.length === 6 && tail[0] === 0x5a && tail[1] === 0 && tail[2] === 0 && tail[3] === 0 && tail[4] === 5 && tail[5] === 0x49;
}

function simpleQueryMessage(query: string): Uint8Array {
  const text = Buffer.from(`${query}\0`, 'utf8');
  const message = Buffer.alloc(1 + 4 + text.length);
  message.write('Q', 0, 'ascii');
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return new Uint8Array(message);
}

export type SocketServerHandle = { socketDir: string; stop: () => Promise<void> };

/** Serve `pg` on `<dataDir>/run/.s.PGSQL.5432` (or a private temp folder when that path is too long). */
export async function startPgliteSocketServer(pg: PGlite, dataDir: string): Promise<SocketServerHandle> {
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  let socketDir = path.join(dataDir, 'run');
  let ownsTempDir = false;
  if (path.join(socketDir, `.s.PGSQL.${SOCKET_PORT}`).length > MAX_SOCKET_PATH) {
    socketDir = mkdtempSync(path.join(tmpdir(), 'skillproof-')); // created 0700
    ownsTempDir = true;
  } else {
    mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  }
  const socketPath = path.join(socketDir, `.s.PGSQL.${SOCKET_PORT}`);
  // A socket file left by a holder that died; the lock already told us that holder is gone.
  rmSync(socketPath, { force: true });
  const server = new PGLiteSocketServer({ db: new SessionGate(pg) as unknown as PGlite, path: socketPath, maxConnections: 32 });
  await server.start();
  return {
    socketDir,
    stop: async () => {
      await server.stop();
      rmSync(socketPath, { force: true });
      if (ownsTempDir) rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
