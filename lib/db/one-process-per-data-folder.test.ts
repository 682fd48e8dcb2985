// One process per embedded data folder (issue 12, item 1). A real owner process (the web server's
// code path: getDbHandle with role 'server') writes continuously while the real `npm run apikey`
// runs against the same DATA_DIR; afterwards every acknowledged write of both must be there.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { eq, like, sql } from 'drizzle-orm';
import { Client } from 'pg';
import { afterEach, describe, expect, test } from 'vitest';
import { openDatabase, migrateDatabase, type DbHandle } from './client';
import { DataFolderBusyError, lockFilePath, readLock } from './data-folder';
import { SOCKET_PORT } from './pglite-socket-server';
import { apiKeys, departments } from './schema';
import { childProcessEnv } from '../env.js';

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function tempDataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'skillproof-folder-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, 'data');
}

function runScript(script: string, args: string[], dataDir: string) {
  return spawnSync(process.execPath, [tsx, '--conditions=react-server', script, ...args], {
    cwd: root,
    env: childProcessEnv({ DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'test' }),
    encoding: 'utf8',
    timeout: 60_000,
  });
}

type Owner = { child: ChildProcessWithoutNullStreams; acked: string[]; closed: Promise<void> };

async function startOwner(dataDir: string): Promise<Owner> {
  // `node --import tsx` (not the tsx CLI, which runs the script in a grandchild): the pid we kill is the holder.
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=react-server', 'test/fixtures/own-data-folder.ts'], {
    cwd: root,
    env: childProcessEnv({ DATA_DIR: dataDir, DATABASE_URL: '', NODE_ENV: 'test' }),
  });
  const acked: string[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let onReady!: () => void;
  let onClosed!: () => void;
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    child.on('exit', (code) => reject(new Error(`owner exited ${code}: ${stderr}`)));
  });
  const closed = new Promise<void>((resolve) => (onClosed = resolve));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line === 'ready') onReady();
    else if (line === 'closed') onClosed();
    else if (line.startsWith('ack ')) acked.push(line.slice(4));
  });
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  await ready;
  return { child, acked, closed };
}

describe('one process per embedded data folder', () => {
  test('commands run while the server writes lose no acknowledged write, and reach the same database', async () => {
    const dataDir = tempDataDir();
    const owner = await startOwner(dataDir);

    const created = runScript('scripts/apikey.ts', ['create', '--role', 'hr', '--name', 'made while serving'], dataDir);
    expect(created.status, created.stderr).toBe(0);
    const key = JSON.parse(created.stdout) as { id: string };
    const second = runScript('scripts/apikey.ts', ['create', '--role', 'recruiter'], dataDir);
    expect(second.status, second.stderr).toBe(0);
    // The command sees what the server wrote, and the server's writes go on after it.
    const listed = runScript('scripts/apikey.ts', ['list'], dataDir);
    expect(listed.status, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(2);
    const ackedWhileCommandsRan = owner.acked.length;
    await expect.poll(() => owner.acked.length, { timeout: 20_000 }).toBeGreaterThan(ackedWhileCommandsRan + 20);

    owner.child.kill('SIGTERM');
    await owner.closed;
    const acked = [...owner.acked];
    expect(acked.length).toBeGreaterThan(20);

    // Reopened by a new process-local owner: everything acknowledged is there, keys included.
    const reopened = await openDatabase({ dataDir });
    cleanups.push(() => reopened.close());
    const rows = await reopened.db.select({ id: departments.id }).from(departments).where(like(departments.id, 'server-%'));
    const stored = new Set(rows.map((r) => r.id));
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);
    const keys = await reopened.db.select({ id: apiKeys.id }).from(apiKeys);
    expect(keys.map((k) => k.id)).toContain(key.id);
    expect(keys).toHaveLength(2);
    // Four Node processes each opening PGlite: generous on a loaded 2-core machine.
  }, 240_000);

  test('a second server on a held folder is refused with the holder named; a lock left by a dead process is taken over', async () => {
    const dataDir = tempDataDir();
    const owner = await startOwner(dataDir);
    await expect(openDatabase({ dataDir, role: 'server' })).rejects.toThrow(DataFolderBusyError);
    await expect(openDatabase({ dataDir, role: 'server' })).rejects.toThrow(new RegExp(`already running on the data folder .*the test server \\(pid ${owner.child.pid}`));
    owner.child.kill('SIGKILL');
    await new Promise((r) => owner.child.once('exit', r));
    // kill -9 left the lock behind; its pid is dead, so the next opener takes the folder.
    expect(readLock(dataDir)?.pid).toBe(owner.child.pid);
    const next = await openDatabase({ dataDir, role: 'server' });
    expect(readLock(dataDir)?.pid).toBe(process.pid);
    await next.close();
    expect(() => statSync(lockFilePath(dataDir))).toThrow();
  }, 180_000);

  test('a garbage lock file does not wedge the folder forever', async () => {
    const dataDir = tempDataDir();
    const first = await openDatabase({ dataDir });
    await first.close();
    writeFileSync(lockFilePath(dataDir), 'not json');
    // older than the 2 s grace given to a lock being written
    const old = new Date(Date.now() - 10_000);
    const { utimesSync } = await import('node:fs');
    utimesSync(lockFilePath(dataDir), old, old);
    const second = await openDatabase({ dataDir });
    await second.close();
  });

  test('the data folder and every file in it are owner-only', async () => {
    const dataDir = tempDataDir();
    const handle = await openDatabase({ dataDir });
    await migrateDatabase(handle);
    await handle.db.insert(departments).values({ id: 'perm', name: 'Permissions' });
    await handle.close();
    const loose: string[] = [];
    const walk = (dir: string) => {
      if ((statSync(dir).mode & 0o077) !== 0) loose.push(`${dir} ${(statSync(dir).mode & 0o777).toString(8)}`);
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.isFile() && (statSync(full).mode & 0o077) !== 0) loose.push(`${full} ${(statSync(full).mode & 0o777).toString(8)}`);
      }
    };
    walk(dataDir);
    expect(loose).toEqual([]);
  });

  describe('the owner serving commands on its socket', () => {
    let owner: DbHandle;
    let client: Client;

    async function ownerWithClient() {
      const dataDir = tempDataDir();
      owner = await openDatabase({ dataDir, role: 'server' });
      cleanups.push(() => owner.close());
      await migrateDatabase(owner);
      const socketDir = readLock(dataDir)?.socketDir;
      expect(socketDir).toBeTruthy();
      client = new Client({ host: socketDir!, port: SOCKET_PORT, user: 'postgres', database: 'postgres' });
      await client.connect();
      cleanups.push(() => client.end());
    }

    test("a command's open transaction never swallows the server's writes", async () => {
      await ownerWithClient();
      await client.query('BEGIN');
      await client.query(`insert into departments (id, name) values ('from-command', 'Command')`);
      // The server writes while the command's transaction is open: it must wait, not join it.
      const serverWrite = owner.db.insert(departments).values({ id: 'from-server', name: 'Server' });
      await new Promise((r) => setTimeout(r, 200));
      await client.query('ROLLBACK');
      await serverWrite;
      const ids = (await owner.db.select({ id: departments.id }).from(departments)).map((r) => r.id);
      expect(ids).toContain('from-server');
      expect(ids).not.toContain('from-command');
    });

    test("the server's transaction is never joined by a command's statements", async () => {
      await ownerWithClient();
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const serverTx = owner.db
        .transaction(async (tx) => {
          await tx.insert(departments).values({ id: 'tx-server', name: 'Server tx' });
          await held;
          throw new Error('roll the server transaction back');
        })
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
      const commandWrite = client.query(`insert into departments (id, name) values ('tx-command', 'Command')`);
      await new Promise((r) => setTimeout(r, 200));
      release();
      await serverTx;
      await commandWrite;
      const ids = (await owner.db.select({ id: departments.id }).from(departments)).map((r) => r.id);
      expect(ids).toContain('tx-command');
      expect(ids).not.toContain('tx-server');
    });

    test('a command that disconnects mid-transaction is rolled back and frees the database', async () => {
      await ownerWithClient();
      await client.query('BEGIN');
      await client.query(`insert into departments (id, name) values ('abandoned', 'Abandoned')`);
      await client.end();
      cleanups.pop();
      await owner.db.insert(departments).values({ id: 'after-abandon', name: 'After' });
      const rows = await owner.db.select({ id: departments.id }).from(departments).where(eq(departments.id, 'abandoned'));
      expect(rows).toHaveLength(0);
      const count = await owner.db.execute(sql`select count(*)::int as n from departments where id = 'after-abandon'`);
      expect(count).toBeTruthy();
    });
  });
});
