import { describe, expect, test } from 'vitest';
import { buildCatalog } from './catalog';
import { planDemoOrganisation } from './plan-demo-organisation';

const now = new Date('2026-06-01T00:00:00Z');

describe('planDemoOrganisation', () => {
  test('is deterministic from the seed', () => {
    const a = planDemoOrganisation({ people: 60, seed: 7, now });
    const b = planDemoOrganisation({ people: 60, seed: 7, now });
    const c = planDemoOrganisation({ people: 60, seed: 8, now });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(c.map((p) => p.email)).not.toEqual(a.map((p) => p.email));
  });

  test('about 70% employees with a department and a current DDaT role profile; candidates without', () => {
    const plan = planDemoOrganisation({ people: 200, seed: 42, now });
    const employees = plan.filter((p) => p.kind === 'employee');
    expect(employees).toHaveLength(140);
    for (const e of employees) {
      expect(e.departmentId).toBeTruthy();
      expect(e.currentRoleProfileId).toMatch(/^ddat-/);
    }
    for (const c of plan.filter((p) => p.kind === 'candidate')) {
      expect(c.departmentId).toBeNull();
      expect(c.currentRole).not.toBe('');
    }
    const mobile = employees.filter((e) => e.openToMobility).length / employees.length;
    expect(mobile).toBeGreaterThan(0.2);
    expect(mobile).toBeLessThan(0.5);
    expect(new Set(plan.map((p) => p.email)).size).toBe(plan.length);
  });

  test('credentials: catalog badges, issued within three years, a realistic share revoked, expired and tampered', () => {
    const plan = planDemoOrganisation({ people: 300, seed: 42, now });
    const catalog = new Set(buildCatalog().map((b) => b.id));
    const all = plan.flatMap((p) => p.credentials);
    expect(all.length).toBeGreaterThan(300 * 4);
    for (const c of all) {
      expect(catalog.has(c.badgeId)).toBe(true);
      expect(c.issuedAt.getTime()).toBeLessThan(now.getTime());
      expect(now.getTime() - c.issuedAt.getTime()).toBeLessThan(4.5 * 365 * 86_400_000);
      if (c.fate === 'expired') expect(c.validUntil!.getTime()).toBeLessThan(now.getTime());
    }
    const share = (fate: string) => all.filter((c) => c.fate === fate).length / all.length;
    expect(share('revoked')).toBeGreaterThan(0.02);
    expect(share('revoked')).toBeLessThan(0.1);
    expect(share('tampered')).toBeGreaterThan(0.005);
    expect(share('expired')).toBeGreaterThan(0.01);
    const di = all.filter((c) => c.proof === 'data-integrity').length / all.length;
    expect(di).toBeGreaterThan(0.1);
    expect(di).toBeLessThan(0.25);
  });
});

describe('buildCatalog', () => {
  test('a badge for every DDaT skill at each DDaT level, and certificates that several badges add up to', () => {
    const catalog = buildCatalog();
    const ddat = catalog.filter((b) => b.skillId?.startsWith('ddat:'));
    expect(ddat).toHaveLength(188 * 4);
    expect(new Set(ddat.map((b) => b.level))).toEqual(new Set([1, 2, 3, 5]));
    const certificates = catalog.filter((b) => b.type === 'Certificate');
    expect(certificates.length).toBeGreaterThan(5);
    for (const cert of certificates) {
      const parts = catalog.filter((b) => b.partOf.includes(cert.id));
      expect(parts.length).toBeGreaterThanOrEqual(3);
      expect(cert.skills).toHaveLength(parts.length);
    }
    expect(new Set(catalog.map((b) => b.id)).size).toBe(catalog.length);
  });
});
