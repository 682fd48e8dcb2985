// The embedded data folder (DATA_DIR): owner-only permissions and a lock file naming the one process
// that has PGlite open. PGlite is a single-process database: two processes opening the same folder
// each keep their own buffers and WAL position, so one silently overwrites the other's acknowledged
// writes (and can leave the folder unopenable). Every opener therefore takes `<DATA_DIR>/pglite.lock`
// first; whoever finds it taken by a live process either talks to that process through its socket
// (lib/db/pglite-socket-server.ts) or is refused with a message naming the holder.
import { chmodSync, closeSync, ftruncateSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const LOCK_FILE = 'pglite.lock';

export const lockInfoSchema = z.object({
  pid: z.number().int().positive(),
  /** `server` is the web server (never a client of another process); `cli` is a command-line tool. */
  role: z.enum(['server', 'cli']),
  /** What the holder is, in words a person can act on: "npm start (http://localhost:3000)", "npm run seed". */
  command: z.string().max(500),
  startedAt: z.string(),
  /** Folder holding the holder's Unix socket (`.s.PGSQL.5432`), once it serves one. */
  socketDir: z.string().max(500).nullable(),
  /** Random per-acquisition token: a lock is only ever removed by the acquisition that wrote it. */
  token: z.string(),
});
export type LockInfo = z.infer<typeof lockInfoSchema>;

export class DataFolderBusyError extends Error {
  constructor(
    message: string,
    readonly holder: LockInfo,
  ) {
    super(message);
    this.name = 'DataFolderBusyError';
  }
}

/**
 * Make the data folder owner-only. The umask applies to every file this process creates from now on
 * (PGlite's WASM file system creates relation and WAL files through node's fs with mode 0666, which
 * the umask turns into 0600). Files that already exist are tightened here; PGlite's initial cluster is
 * unpacked with explicit 0666 chmods, which no umask affects, so the owner calls
 * `tightenPermissions` again once PGlite is open.
 */
export function prepareDataFolder(dataDir: string): void {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  tightenPermissions(dataDir);
}

export function tightenPermissions(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) tightenPermissions(full);
    else if (entry.isFile()) {
      if ((lstatSync(full).mode & 0o077) !== 0) chmodSync(full, 0o600);
    }
  }
}

export function lockFilePath(dataDir: string): string {
  return path.join(dataDir, LOCK_FILE);
}

export function readLock(dataDir: string): LockInfo | null {
  try {
    const parsed = lockInfoSchema.safeParse(JSON.parse(readFileSync(lockFilePath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else; it still holds the folder.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type HeldLock = {
  info: LockInfo;
  /** Record the socket folder once the holder serves its socket. */
  setSocketDir: (socketDir: string | null) => void;
  release: () => void;
};

/**
 * Take the data folder's lock, or return who holds it. The lock file is created with O_EXCL, so two
 * openers racing cannot both win; a lock left by a dead process (kill -9, power loss) is taken over.
 */
export function acquireDataFolderLock(dataDir: string, holder: { role: LockInfo['role']; command: string }): { held: HeldLock } | { busy: LockInfo } {
  const file = lockFilePath(dataDir);
  for (let attempt = 0; attempt < 5; attempt++) {
    const info: LockInfo = { pid: process.pid, role: holder.role, command: holder.command, startedAt: new Date().toISOString(), socketDir: null, token: crypto.randomUUID() };
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const current = readLock(dataDir);
      if (current && current.pid !== process.pid && isProcessAlive(current.pid)) return { busy: current };
      if (current === null && lockIsBeingWritten(file)) {
        // Another opener created the file a moment ago and has not written it yet.
        sleepSync(50);
        continue;
      }
      // Dead holder (or our own pid from a previous life of this pid): take the folder over.
      removeIfUnchanged(file, current?.token ?? null);
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(info));
    } finally {
      closeSync(fd);
    }
    return { held: heldLock(dataDir, info) };
  }
  throw new Error(`Could not take the lock ${file}: it keeps changing. Is another Skillproof process starting on this data folder?`);
}

function heldLock(dataDir: string, info: LockInfo): HeldLock {
  const file = lockFilePath(dataDir);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    removeIfUnchanged(file, info.token);
  };
  // A normal exit (including after SIGINT/SIGTERM handlers call process.exit) frees the folder at once;
  // kill -9 leaves the file, which the next opener recognises as stale by its dead pid.
  process.on('exit', release);
  return {
    info,
    setSocketDir: (socketDir) => {
      info.socketDir = socketDir;
      if (released) return;
      // Rewritten in place (same inode, still 0600): only this holder writes its own lock.
      const fd = openSync(file, 'r+');
      try {
        const bytes = Buffer.from(JSON.stringify(info));
        writeSync(fd, bytes, 0, bytes.length, 0);
        // Truncate any longer previous content so the JSON stays well-formed.
        ftruncateSync(fd, bytes.length);
      } finally {
        closeSync(fd);
      }
    },
    release,
  };
}

function removeIfUnchanged(file: string, token: string | null): void {
  try {
    const raw = readFileSync(file, 'utf8');
    const parsed = lockInfoSchema.safeParse(safeJson(raw));
    const currentToken = parsed.success ? parsed.data.token : null;
    if (currentToken === token) unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

/** An empty or half-written lock file younger than 2 s is another opener mid-write, not garbage. */
function lockIsBeingWritten(file: string): boolean {
  try {
    return Date.now() - lstatSync(file).mtimeMs < 2000;
  } catch {
    return false;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The message a refused opener prints: who holds the folder, and what to do about it. */
export function describeBusyFolder(dataDir: string, holder: LockInfo, wanted: 'server' | 'cli'): string {
  const who = `${holder.command} (pid ${holder.pid}, since ${holder.startedAt})`;
  const folder = path.relative(process.cwd(), dataDir) || dataDir;
  if (wanted === 'server') {
    return holder.role === 'server'
      ? `Skillproof is already running on the data folder ${folder}: ${who}. Stop it first, or start this one with another DATA_DIR.`
      : `The data folder ${folder} is in use by ${who}. Wait for it to finish (or stop it), then start Skillproof again.`;
  }
  return `The data folder ${folder} is in use by ${who}, which does not accept connections from other commands. Wait for it to finish (or stop it), then run this command again.`;
}
