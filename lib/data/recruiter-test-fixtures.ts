// A small organisation for the recruiter data tests (people, shortlists, compare): enough to hit every
// visibility rule and a revoked credential that must not count. Test-only; not imported by the app.
import type { Db } from '../db/client';
import { achievements, credentials, departments, issuers, people, personSkills, roleProfiles, roleRequirements, skills, users } from '../db/schema';
import type { Actor } from '../domain/permissions';

export const ACTORS = {
  recruiter: { id: 'u-recruiter', role: 'recruiter', departmentId: null },
  recruiter2: { id: 'u-recruiter2', role: 'recruiter', departmentId: null },
  manager: { id: 'u-manager', role: 'manager', departmentId: 'data' },
  hr: { id: 'u-hr', role: 'hr', departmentId: null },
} satisfies Record<string, Actor>;

/** candidate (visible to recruiters), mobile employee (visible), employee not mobile (hidden from recruiters), withdrawn consent (HR only). */
export const P = { cand: 'p-cand', mobile: 'p-mobile', dataEmp: 'p-data', hidden: 'p-hidden-cand', cand2: 'p-cand2' } as const;

export async function seedRecruiterFixtures(db: Db): Promise<void> {
  await db.insert(departments).values([
    { id: 'data', name: 'Data' },
    { id: 'digital', name: 'Digital' },
  ]);
  await db.insert(users).values([
    { id: 'u-recruiter', email: 'r@x.test', name: 'Rec', role: 'recruiter' },
    { id: 'u-recruiter2', email: 'r2@x.test', name: 'Rec Two', role: 'recruiter' },
    { id: 'u-manager', email: 'm@x.test', name: 'Man', role: 'manager', departmentId: 'data' },
    { id: 'u-hr', email: 'h@x.test', name: 'Hr', role: 'hr' },
  ]);
  await db.insert(skills).values([
    { id: 'onet:python', name: 'Python', framework: 'O*NET', aliases: ['Python 3', 'py'] },
    { id: 'onet:sql', name: 'Structured query language SQL', framework: 'O*NET', aliases: ['SQL', 'Postgres'] },
    { id: 'ddat:user-research', name: 'User research', framework: 'UK DDaT' },
    { id: 'ddat:data-visualisation', name: 'Data visualisation', framework: 'UK DDaT', aliases: ['dataviz', 'charts_100%'] },
    { id: 'onet:python-django', name: 'Django', framework: 'O*NET', aliases: ['python web framework'] },
  ]);
  await db.insert(people).values([
    { id: P.cand, kind: 'candidate', name: 'Ada Candidate', email: 'ada@x.test', headline: 'Data scientist', location: 'London' },
    { id: P.cand2, kind: 'candidate', name: 'Bea Candidate', email: 'bea@x.test', headline: 'Researcher', location: 'Leeds' },
    { id: P.mobile, kind: 'employee', name: 'Cal Mobile', email: 'cal@x.test', departmentId: 'digital', openToMobility: true, location: 'Leeds' },
    { id: P.dataEmp, kind: 'employee', name: 'Dee Data', email: 'dee@x.test', departmentId: 'data', openToMobility: false },
    { id: P.hidden, kind: 'candidate', name: 'Eve Hidden', email: 'eve@x.test', searchable: false },
  ]);
  await db.insert(issuers).values({ id: 'did:key:issuer', name: 'Data Academy', trust: 'trusted' });
  await db.insert(achievements).values([
    { id: 'urn:a:py3', name: 'Python Practitioner', issuerId: 'did:key:issuer', skills: [{ skillId: 'onet:python', level: 3, sourceLevel: 'Practitioner', sourceFramework: 'UK DDaT' }] },
    { id: 'urn:a:py5', name: 'Python Expert', issuerId: 'did:key:issuer', skills: [{ skillId: 'onet:python', level: 5, sourceLevel: 'Expert', sourceFramework: 'UK DDaT' }] },
    { id: 'urn:a:ur', name: 'Research Advanced', issuerId: 'did:key:issuer', skills: [{ skillId: 'ddat:user-research', level: 4, sourceLevel: 'Advanced', sourceFramework: 'OB 3.0 rubric' }] },
  ]);
  const cred = (id: string, personId: string, achievementId: string, status: 'verified' | 'revoked', issuedAt: string) => ({
    id,
    personId,
    format: 'ob3-ldp' as const,
    raw: '{}',
    contentHash: `h-${id}`,
    achievementId,
    issuerId: 'did:key:issuer',
    status,
    source: 'seed',
    issuedAt: new Date(issuedAt),
    checks: [
      { id: 'signature', result: 'pass' as const, message: 'The Data Integrity proof is valid.' },
      { id: 'revocation', result: status === 'revoked' ? ('fail' as const) : ('pass' as const), message: status === 'revoked' ? 'The issuer has revoked this credential.' : 'Not revoked.' },
    ],
    evidence: [{ id: 'https://evidence.example/1', name: 'Portfolio' }],
  });
  await db.insert(credentials).values([
    cred('c-py3', P.cand, 'urn:a:py3', 'verified', '2025-01-10T00:00:00Z'),
    cred('c-py5', P.cand, 'urn:a:py5', 'revoked', '2025-06-10T00:00:00Z'),
    cred('c-ur', P.cand2, 'urn:a:ur', 'verified', '2025-03-01T00:00:00Z'),
    cred('c-mob', P.mobile, 'urn:a:py5', 'verified', '2025-02-01T00:00:00Z'),
  ]);
  await db.insert(personSkills).values([
    { personId: P.cand, skillId: 'onet:python', verified: true, level: 3, sourceLevel: 'Practitioner', sourceFramework: 'UK DDaT', credentialIds: ['c-py3'], issuerIds: ['did:key:issuer'], achievedAt: new Date('2025-01-10') },
    { personId: P.cand, skillId: 'onet:sql', verified: false, level: 2, sourceLevel: 'intermediate', sourceFramework: 'self-reported', credentialIds: [] },
    { personId: P.cand2, skillId: 'ddat:user-research', verified: true, level: 4, credentialIds: ['c-ur'], issuerIds: ['did:key:issuer'] },
    { personId: P.mobile, skillId: 'onet:python', verified: true, level: 5, credentialIds: ['c-mob'], issuerIds: ['did:key:issuer'] },
  ]);
  await db.insert(roleProfiles).values({ id: 'role-ds', name: 'Senior data scientist', family: 'Data', track: 'Data scientist' });
  await db.insert(roleRequirements).values([
    { roleId: 'role-ds', skillId: 'onet:python', minLevel: 4, weight: 2, essential: true },
    { roleId: 'role-ds', skillId: 'ddat:user-research', minLevel: 2, weight: 1, essential: false },
  ]);
}
