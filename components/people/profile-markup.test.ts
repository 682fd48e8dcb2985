// The profile's markup budget (issue 12 item 6): every element and text node of a profile is rendered
// twice per view (the HTML and the RSC payload) and parsed once more, so the per-row markup is the
// render cost. These tests count what the rows produce for a person shaped like the demo's
// 10-credential profiles, not how long it takes (a timing bound would fail on a loaded machine).
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
import { LevelBar } from '@/components/ui/level-bar';
import type { ProfileCredential, ProfileSkill, SkillProvenance } from '@/lib/data/people';
import { CredentialTimeline, credentialRow } from './credential-timeline';
import { SkillLevelList, skillRow } from './skill-level-list';

const uuid = (n: number) => `0f35b4ee-e228-453c-91d3-${String(n).padStart(12, '0')}`;
const SKILLS = ['Analysis', 'Communication (security architect)', 'Designing secure systems', 'Security technology', 'IBM Terraform', 'Kubernetes', 'Research and innovation', 'Understanding security implications of transformation'];

function credential(n: number): ProfileCredential {
  const skill = SKILLS[n % SKILLS.length]!;
  const revoked = n === 9;
  return {
    id: uuid(n),
    format: n % 2 ? 'ob3-jwt' : 'ob3-ldp',
    status: revoked ? 'revoked' : 'verified',
    achievementId: `urn:achievement:${n}`,
    achievementName: `${skill}: Practitioner`,
    issuerId: 'did:web:academy.example',
    issuerName: 'Government Digital and Data Academy',
    issuerTrust: n % 3 ? 'trusted' : 'untrusted',
    issuedAt: `2026-0${1 + (n % 9)}-12T00:00:00.000Z`,
    verifiedAt: '2026-12-03T18:35:38.653Z',
    checkCount: 9,
    failedCheck: revoked ? 'The issuer has revoked this credential.' : null,
    evidence: [],
    skills: [{ skillId: `ddat:skill-${n % SKILLS.length}`, name: skill, level: 3, sourceLevel: 'Practitioner (3 points)', sourceFramework: 'OB 3.0 rubric: Assessed proficiency' }],
    parentCredentialId: null,
    recipientBinding: 'matched',
    overrideReason: null,
    counts: !revoked,
  };
}

const CREDENTIALS = Array.from({ length: 10 }, (_, n) => credential(n));

function provenance(c: ProfileCredential): SkillProvenance {
  return { credentialId: c.id, achievementName: c.achievementName, issuerId: c.issuerId, issuerName: c.issuerName, status: c.status, issuedAt: c.issuedAt, level: 3, sourceLevel: 'Practitioner (3 points)', sourceFramework: 'OB 3.0 rubric: Assessed proficiency', evidence: [] };
}

const PROFILE_SKILLS: ProfileSkill[] = SKILLS.map((name, i) => {
  const mine = CREDENTIALS.filter((c) => c.skills[0]!.name === name);
  return {
    skillId: `ddat:skill-${i}`,
    name,
    framework: 'ddat',
    verified: true,
    level: 3,
    sourceLevel: 'Practitioner (3 points)',
    sourceFramework: 'OB 3.0 rubric: Assessed proficiency',
    achievedAt: '2026-03-12T00:00:00.000Z',
    expiresAt: null,
    provenance: mine.filter((c) => c.counts).map(provenance),
    notCounted: mine.filter((c) => !c.counts).map(provenance),
    trustedLevel: i % 3 ? 3 : null,
    untrusted: i % 3 === 0,
  };
});

const html = (element: Parameters<typeof renderToString>[0]) => renderToString(element);
const elements = (markup: string) => (markup.match(/<[a-z]/g) ?? []).length;
// Fizz writes <!-- --> between adjacent text nodes: each is a text node in the payload too.
const textSeams = (markup: string) => (markup.match(/<!-- -->/g) ?? []).length;

describe('profile markup', () => {
  test('a level bar is one meter element (no element per segment), with its value and name for assistive technology', () => {
    const markup = html(createElement(LevelBar, { level: 3, label: 'Python: 3 Practitioner' }));
    expect(markup).toContain('role="meter"');
    expect(markup).toContain('aria-valuenow="3"');
    expect(markup).toContain('aria-label="Python: 3 Practitioner"');
    expect(markup).toContain('Practitioner');
    // wrapper, meter, level name
    expect(elements(markup)).toBe(3);
    // With a required level: one marker more, and the meter says it is short of it.
    const short = html(createElement(LevelBar, { level: 2, required: 4 }));
    expect(elements(short)).toBe(5);
    expect(short).toContain('data-unmet=""');
    expect(short).toContain('data-required="4"');
    expect(short).toContain('aria-label="Level 2 of 5, required Advanced"');
  });

  test('the verified skills of a 10-credential person stay within their markup budget and keep every proof', () => {
    const markup = html(createElement(SkillLevelList, { skills: PROFILE_SKILLS }));
    // Every credential behind a level is still in the page (verified means verified, no click needed).
    for (const c of CREDENTIALS) expect(markup).toContain(`href="#credential-${c.id}"`);
    expect(markup).toContain('Issued by Government Digital and Data Academy on 12 Feb 2026 · states 3 Practitioner · source level “Practitioner (3 points)” (OB 3.0 rubric: Assessed proficiency)');
    expect(markup).toContain('data-testid="not-counted"');
    // Before (five spans a bar, sentences in pieces): 203 elements, 206 text seams, 18.5 KB; after 163, 3, 14.5 KB.
    expect(elements(markup)).toBeLessThanOrEqual(170);
    expect(textSeams(markup)).toBeLessThanOrEqual(5);
    expect(markup.length).toBeLessThanOrEqual(15_000);
  });

  test('the credential timeline of a 10-credential person stays within its markup budget and says why one does not count', () => {
    const markup = html(createElement(CredentialTimeline, { credentials: CREDENTIALS }));
    expect(markup).toContain('Revoked by the issuer: not counted toward any level.');
    expect(markup).toContain('Why: The issuer has revoked this credential.');
    expect(markup).toContain('Government Digital and Data Academy · issuer trusted · Open Badges 3.0 (VC-JWT)');
    expect(markup).toContain('States: Communication (security architect) 3 Practitioner (“Practitioner (3 points)”)');
    // The report is one click away, not in the page.
    expect((markup.match(/Verification report \(/g) ?? []).length).toBe(10);
    expect(markup).not.toContain('<table');
    // Before (a wrapper element a row, sentences in pieces): 158 elements, 54 text seams.
    expect(elements(markup)).toBeLessThanOrEqual(140);
    expect(textSeams(markup)).toBeLessThanOrEqual(5);
  });

  test('the rows travel to the browser as display-ready data, a fraction of their markup, with no timestamps to format again', () => {
    // The payload carries the client rows' props instead of the rendered element tree (profile-rows.tsx).
    const skillData = JSON.stringify(PROFILE_SKILLS.map(skillRow));
    const credentialData = JSON.stringify(CREDENTIALS.map(credentialRow));
    const skillMarkup = html(createElement(SkillLevelList, { skills: PROFILE_SKILLS }));
    const credentialMarkup = html(createElement(CredentialTimeline, { credentials: CREDENTIALS }));
    expect(skillData.length).toBeLessThan(skillMarkup.length / 2);
    expect(credentialData.length).toBeLessThan(credentialMarkup.length / 2);
    // Dates are formatted on the server: a browser's ICU could spell a month differently ("Sept")
    // and the hydrated page would not match its HTML.
    // (The report's remount key holds the last verification time: compared, never shown.)
    const shown = JSON.stringify([PROFILE_SKILLS.map(skillRow), CREDENTIALS.map((c) => ({ ...credentialRow(c), reportKey: undefined }))]);
    expect(shown).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(shown).toContain('"day":"12 Feb 2026"');
    // Only what a row shows: no report, no evidence unless there is some, no raw ids of the achievement.
    expect(credentialData).not.toContain('achievementId');
    expect(credentialData).not.toContain('checks');
    expect(skillData).not.toContain('evidence');
  });

  test('self-reported skills say so and show no proof', () => {
    const claimed: ProfileSkill = { ...PROFILE_SKILLS[0]!, verified: false, provenance: [], notCounted: [], untrusted: false };
    const markup = html(createElement(SkillLevelList, { skills: [claimed], selfReported: true }));
    expect(markup).toContain('>self-reported</span>');
    expect(markup).toContain('Self-reported: no verifiable credential backs this level, so it never counts in verified searches.');
    expect(markup).not.toContain('data-testid="provenance"');
    expect(markup).not.toContain('data-testid="untrusted-mark"');
  });
});
