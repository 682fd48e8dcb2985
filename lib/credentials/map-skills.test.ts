import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildSkillIndex, customSkillId, DEFAULT_LEVEL, findSkill, levelFromName, mapCredentialSkills, type SkillRef } from './map-skills';
import { normalizeOb3 } from './normalize';
import { loadShippedSkills } from './taxonomy';
import type { NormalizedCredential } from './types';
import { SPEC, VALIDATOR } from '../../test/credentials/fixtures';

const shipped = loadShippedSkills(path.resolve(__dirname, '../../data'));
if (!shipped) throw new Error('data/ taxonomy missing');
const index = buildSkillIndex(shipped);

function fromFile(file: string): NormalizedCredential {
  return normalizeOb3(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
}

function credential(partial: { name?: string; alignments?: NormalizedCredential['achievement']['alignments']; resultDescriptions?: NormalizedCredential['achievement']['resultDescriptions']; results?: NormalizedCredential['results'] }): NormalizedCredential {
  return {
    issuer: { id: 'did:key:z6Mk', name: 'Issuer' },
    recipient: { hashed: false },
    achievement: { id: 'urn:a', name: partial.name ?? 'Badge', description: '', type: 'Badge', alignments: partial.alignments ?? [], resultDescriptions: partial.resultDescriptions ?? [], partOf: [] },
    results: partial.results ?? [],
    evidence: [],
  };
}

describe('findSkill: URL, then framework + code, then name/alias', () => {
  test.each([
    [{ targetName: 'anything', targetUrl: 'https://ddat-capability-framework.service.gov.uk/skill/user-research-methods/' }, 'ddat:user-research-methods'],
    [{ targetName: 'anything', targetFramework: 'UK DDaT', targetCode: 'user-research-methods' }, 'ddat:user-research-methods'],
    [{ targetName: 'anything', targetFramework: 'DDaT', targetCode: 'USER-RESEARCH-METHODS' }, 'ddat:user-research-methods'],
    [{ targetName: 'User Research Methods' }, 'ddat:user-research-methods'],
    [{ targetName: 'python', targetFramework: 'O*NET', targetCode: 'python' }, 'onet:python'],
    [{ targetName: 'Python', targetFramework: 'Coursera skills' }, 'onet:python'],
    [{ targetName: 'sql' }, 'onet:structured-query-language-sql'],
  ])('%o -> %s', (alignment, expected) => {
    expect(findSkill(alignment, index)?.id).toBe(expected);
  });

  test('unknown alignments are not guessed', () => {
    expect(findSkill({ targetName: 'Robot Programming', targetFramework: 'Example Robotics Framework' }, index)).toBeNull();
  });
});

describe('levelFromName', () => {
  test.each([
    ['User research: Practitioner', 3, 'UK DDaT'],
    ['Data ethics - Expert', 5, 'UK DDaT'],
    ['Cloud architecture (SFIA level 5)', 4, 'SFIA'],
    ['Advanced Python', 4, 'common words'],
    ['Intro to SQL: Basic', 1, 'common words'],
  ])('%s -> %i (%s)', (name, level, framework) => {
    expect(levelFromName(name)).toMatchObject({ level, sourceFramework: framework, sourceLevel: name });
  });
  test('no level words', () => {
    expect(levelFromName('Teamwork')).toBeNull();
  });
});

describe('mapCredentialSkills on the spec examples', () => {
  test.each([
    ['ob3-skillAssertionCase-01.json', 'Robot Programming', 'https://robotics-competencies.example.com/competencies/robot-programming'],
    ['ob3-skillAssertionCtdl-01.json', 'Solve and graph linear equations and inequalities', 'https://credentialfinder.org/competency/ce-6369c51f-4d86-4592-a761-8b32ae70a045'],
    ['ob3-achievementAlignmentCase-01.json', undefined, 'https://caseregistry.imsglobal.org/uri/74f5bb7d-d7cc-11e8-824f-0242ac160002'],
  ])('%s: unknown alignment -> custom skill with its source kept, default level', (file, name, url) => {
    const c = fromFile(path.join(SPEC, 'extracted', file));
    const { skills, newSkills } = mapCredentialSkills(c, index);
    expect(newSkills).toHaveLength(1);
    const created = newSkills[0]!;
    expect(created).toMatchObject({ framework: 'custom', url, id: expect.stringMatching(/^custom:[0-9a-f]{16}$/) });
    if (name) expect(created.name).toBe(name);
    expect(skills).toEqual([{ skillId: created.id, level: DEFAULT_LEVEL, sourceLevel: 'unspecified', sourceFramework: 'default' }]);
    // The same alignment always gets the same id, so re-imports do not multiply custom skills.
    expect(mapCredentialSkills(c, index).newSkills[0]!.id).toBe(created.id);
  });

  test('ob3-fullOpenBadge-01.json: rubric levels out of order are not trusted by label or listing', () => {
    const c = fromFile(path.join(SPEC, 'extracted/ob3-fullOpenBadge-01.json'));
    const { skills, newSkills } = mapCredentialSkills(c, index);
    // The achieved rung "Mastery" ties "Basic" on points; its level word ranks it top -> Expert.
    const project = newSkills.find((s) => s.name === 'Final Project')!;
    expect(skills.find((s) => s.skillId === project.id)).toMatchObject({ level: 5, sourceLevel: 'Mastery (4 points)', sourceFramework: expect.stringMatching(/^OB 3.0 rubric/) });
    // The degree alignment itself carries no level.
    const degree = newSkills.find((s) => s.name === '1EdTech University Degree')!;
    expect(skills.find((s) => s.skillId === degree.id)).toMatchObject({ level: DEFAULT_LEVEL, sourceLevel: 'unspecified' });
  });

  test('complete.json (validator fixture) maps every alignment and result', () => {
    const c = fromFile(path.join(VALIDATOR, 'ob30/complete.json'));
    const { skills } = mapCredentialSkills(c, index);
    expect(skills.length).toBeGreaterThan(0);
    for (const s of skills) expect(s.level).toBeGreaterThanOrEqual(1);
  });
});

describe('mapCredentialSkills on seeded-style credentials', () => {
  const ddat = { targetName: 'User research methods', targetFramework: 'UK DDaT', targetCode: 'user-research-methods', targetUrl: 'https://ddat-capability-framework.service.gov.uk/skill/user-research-methods' };
  const rubric = [
    { id: 'l1', name: 'Awareness', level: '1', points: '1' },
    { id: 'l2', name: 'Working', level: '2', points: '2' },
    { id: 'l3', name: 'Practitioner', level: '3', points: '3' },
    { id: 'l4', name: 'Advanced', level: '4', points: '4' },
    { id: 'l5', name: 'Expert', level: '5', points: '5' },
  ];

  test.each([
    ['l1', 1],
    ['l3', 3],
    ['l5', 5],
  ])('achievedLevel %s on a five-rung rubric -> %i', (achieved, level) => {
    const c = credential({ name: 'User research', alignments: [ddat], resultDescriptions: [{ id: 'rd', name: 'Assessed proficiency', rubricCriterionLevels: rubric }], results: [{ resultDescription: 'rd', achievedLevel: achieved }] });
    expect(mapCredentialSkills(c, index)).toEqual({ skills: [{ skillId: 'ddat:user-research-methods', level, sourceLevel: `${rubric[level - 1]!.name} (${level} points)`, sourceFramework: 'OB 3.0 rubric: Assessed proficiency' }], newSkills: [] });
  });

  test('no result: the DDaT word in the badge name gives the level, with its source', () => {
    const c = credential({ name: 'User research: Practitioner', alignments: [ddat] });
    expect(mapCredentialSkills(c, index).skills).toEqual([{ skillId: 'ddat:user-research-methods', level: 3, sourceLevel: 'User research: Practitioner', sourceFramework: 'UK DDaT' }]);
  });

  test('a result description with its own alignments scopes its level to those skills', () => {
    const python = { targetName: 'Python', targetFramework: 'O*NET', targetCode: 'python' };
    const c = credential({
      name: 'Data apprenticeship',
      alignments: [ddat, python],
      resultDescriptions: [{ id: 'rd-py', name: 'Python assessment', alignments: [python], rubricCriterionLevels: rubric }],
      results: [{ resultDescription: 'rd-py', achievedLevel: 'l4' }],
    });
    expect(mapCredentialSkills(c, index).skills).toEqual([
      { skillId: 'ddat:user-research-methods', level: DEFAULT_LEVEL, sourceLevel: 'unspecified', sourceFramework: 'default' },
      { skillId: 'onet:python', level: 4, sourceLevel: 'Advanced (4 points)', sourceFramework: 'OB 3.0 rubric: Python assessment' },
    ]);
  });

  test('two alignments to the same skill keep the higher level', () => {
    const c = credential({ name: 'Expert user research', alignments: [ddat, { ...ddat, targetUrl: undefined }] });
    expect(mapCredentialSkills(c, index).skills).toHaveLength(1);
  });

  test('no alignments: an exact skill name in the badge name is used ("SQL: Advanced")', () => {
    expect(mapCredentialSkills(credential({ name: 'SQL: Advanced' }), index).skills).toEqual([{ skillId: 'onet:structured-query-language-sql', level: 4, sourceLevel: 'SQL: Advanced', sourceFramework: 'common words' }]);
    expect(mapCredentialSkills(credential({ name: 'Teamwork' }), index)).toEqual({ skills: [], newSkills: [] });
  });

  test('customSkillId is stable and ignores case and trailing slashes in URLs', () => {
    expect(customSkillId({ targetName: 'A', targetUrl: 'https://x.example/c/1/' })).toBe(customSkillId({ targetName: 'B', targetUrl: 'HTTPS://X.EXAMPLE/c/1' }));
  });

  test('an index built from custom SkillRefs works the same', () => {
    const skills: SkillRef[] = [{ id: 'esco:abc', name: 'Negotiate contracts', framework: 'ESCO', code: 'abc', url: 'http://data.europa.eu/esco/skill/abc', aliases: ['contract negotiation'] }];
    const small = buildSkillIndex(skills);
    expect(findSkill({ targetName: 'x', targetUrl: 'http://data.europa.eu/esco/skill/abc' }, small)?.id).toBe('esco:abc');
    expect(findSkill({ targetName: 'Contract negotiation' }, small)?.id).toBe('esco:abc');
  });
});
