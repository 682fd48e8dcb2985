// The CLI, run as a user would (tsx, a real process) on the shared fixtures, offline.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..');
const fixtures = path.resolve(root, '../shared/fixtures/credentials');
const dir = mkdtempSync(path.join(tmpdir(), 'verify-cli-'));
const mapFile = path.join(dir, 'map.json');
writeFileSync(
  mapFile,
  JSON.stringify({
    'https://example.org/': path.join(fixtures, '1edtech-validator/ob20/assets/'),
    'http://example.org/': path.join(fixtures, '1edtech-validator/ob20/assets/'),
    'https://example.org/beths-robotics-badge.json': path.join(fixtures, '1edtech-validator/ob20/basic-assertion.json'),
    'https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/main/inspector-vc/src/test/resources/ob30/bit-string-list/testlist': path.join(fixtures, '1edtech-validator/ob30/bit-string-list/testlist'),
  }),
);

type Line = { input: string; format: string; status: string; checks: { id: string; result: string; message: string }[]; skills: { skill: string; level: number; source: string }[] };

async function verify(...files: string[]): Promise<{ code: number; lines: Line[]; stderr: string }> {
  const args = ['tsx', '--conditions=react-server', 'scripts/verify.ts', '--now', '2026-06-01T00:00:00Z', '--resolver-map', mapFile, '--offline', ...files];
  try {
    const { stdout, stderr } = await run('npx', args, { cwd: root, env: { ...process.env, SKIP_ENV_VALIDATION: '1' } });
    return { code: 0, lines: stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line), stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, lines: e.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line), stderr: e.stderr };
  }
}

const f = (p: string) => path.join(fixtures, p);

describe('npm run verify', () => {
  test('prints one JSON line per input with the expected statuses and exits non-zero when any is not verified', async () => {
    const { code, lines } = await verify(
      f('1edtech-spec/extracted/ob3-ldp-testvector-signed-credential.json'),
      f('1edtech-validator/ob20/simple.jwt'),
      f('1edtech-validator/ob20/simple-revoked.jwt'),
      f('1edtech-validator/ob30/simple-err-expired.json'),
      f('1edtech-validator/ob30/bit-string-list/credential-status-revoked.json'),
      f('1edtech-validator/clr20/simple.jwt'),
      f('1edtech-spec/extracted/ob2-spec-example-02.MALFORMED.json.txt'),
    );
    expect(code).toBe(1);
    expect(lines.map((l) => [path.basename(l.input), l.format, l.status])).toEqual([
      ['ob3-ldp-testvector-signed-credential.json', 'ob3-ldp', 'verified'],
      ['simple.jwt', 'ob2-signed', 'verified'],
      ['simple-revoked.jwt', 'ob2-signed', 'revoked'],
      ['simple-err-expired.json', 'ob3-ldp', 'expired'],
      ['credential-status-revoked.json', 'ob3-ldp', 'revoked'],
      ['simple.jwt', 'clr2-jwt', 'verified'],
      ['ob2-spec-example-02.MALFORMED.json.txt', 'unknown', 'invalid'],
    ]);
    for (const line of lines) {
      expect(Object.keys(line).slice(0, 5)).toEqual(['input', 'format', 'status', 'checks', 'skills']);
      for (const c of line.checks) expect(Object.keys(c)).toEqual(['id', 'result', 'message']);
    }
  });

  test('exits 0 when every input verifies, and maps skills against the shipped taxonomy', async () => {
    const { code, lines } = await verify(f('1edtech-validator/ob30/simple.json'), f('1edtech-spec/extracted/ob3-ldp-testvector-signed-credential.json'));
    expect(code).toBe(0);
    expect(lines.every((l) => l.status === 'verified')).toBe(true);
    const complete = await verify(f('1edtech-validator/ob30/complete.json'));
    expect(complete.lines[0]!.skills.length).toBeGreaterThan(0);
    for (const s of complete.lines[0]!.skills) expect(s).toEqual({ skill: expect.any(String), level: expect.any(Number), source: expect.any(String) });
  });

  test('bad usage exits 2 with the usage line', async () => {
    const { code, stderr } = await verify('--now', 'yesterday');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--now must be an ISO date-time/);
  });
});
