import { describe, expect, test } from 'vitest';
import { buildCatalog } from './catalog';
import { RESKILLING_DEPARTMENTS, SEASONALITY, issueMonthWeight, planDemoOrganisation } from './plan-demo-organisation';

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

describe('credential activity: seasonality, growth and the reskilling programme', () => {
  const now = new Date('2026-12-03T00:00:00Z');
  test.each([
    // months ago from December 2026 -> calendar month
    ['March (year-end budget) outweighs August (holidays) in the same year', 9, 4, 2],
    ['October outweighs December of the year before', 2, 12, 2],
    ['the same month a year later is busier (growth)', 8, 20, 1.1],
  ])('%s', (_name, busier, quieter, ratio) => {
    expect(issueMonthWeight(busier, now) / issueMonthWeight(quieter, now)).toBeGreaterThan(ratio);
  });
  test('the current month counts only as far as it has gone', () => {
    expect(issueMonthWeight(0, now)).toBe(0);
    expect(issueMonthWeight(0, new Date('2026-12-20T00:00:00Z'))).toBeGreaterThan(0);
    expect(SEASONALITY).toHaveLength(12);
  });
  test('planned credentials follow it, and reskilling departments grew their supply recently', () => {
    const plan = planDemoOrganisation({ people: 1000, seed: 42, now });
    const perMonth = new Map<string, number>();
    for (const p of plan) for (const c of p.credentials) perMonth.set(c.issuedAt.toISOString().slice(0, 7), (perMonth.get(c.issuedAt.toISOString().slice(0, 7)) ?? 0) + 1);
    const at = (m: string) => perMonth.get(m) ?? 0;
    expect(at('2026-03')).toBeGreaterThan(1.8 * at('2026-08'));
    expect(at('2025-10')).toBeGreaterThan(1.8 * at('2025-12'));
    expect(at('2026-01') + at('2026-02') + at('2026-03')).toBeGreaterThan(at('2024-01') + at('2024-02') + at('2024-03'));
    // Share of employee credentials earned in the last 9 months: higher where reskilling happened.
    const recentShare = (inProgramme: boolean) => {
      const creds = plan.filter((p) => p.kind === 'employee' && RESKILLING_DEPARTMENTS.has(p.departmentId!) === inProgramme).flatMap((p) => p.credentials);
      const cutoff = Date.UTC(2026, 2, 1);
      return creds.filter((c) => c.issuedAt.getTime() >= cutoff).length / creds.length;
    };
    expect(recentShare(true)).toBeGreaterThan(recentShare(false) + 0.03);
  });
});
