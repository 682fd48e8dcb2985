import { describe, expect, test } from 'vitest';
import { frameworkNeighbours, mergeRelatedSkills, type FrameworkData } from './related-skills';

const data: FrameworkData = {
  ddatRoleLevels: [
    { name: 'Junior data analyst', skills: ['ddat:analysis', 'ddat:data-visualisation', 'ddat:programming'] },
    { name: 'Data analyst', skills: ['ddat:analysis', 'ddat:data-visualisation', 'ddat:statistics'] },
    { name: 'Developer', skills: ['ddat:programming', 'ddat:testing'] },
  ],
  onetSkills: [
    { id: 'onet:python', commodity: 'Object or component oriented development software', occupationCount: 300 },
    { id: 'onet:r', commodity: 'Object or component oriented development software', occupationCount: 120 },
    { id: 'onet:java', commodity: 'Object or component oriented development software', occupationCount: 250 },
    { id: 'onet:excel', commodity: 'Spreadsheet software', occupationCount: 900 },
  ],
};

describe('frameworkNeighbours', () => {
  test('DDaT: skills asked for by the same role levels, most shared first', () => {
    expect(frameworkNeighbours('ddat:analysis', data)).toEqual([
      { skill: 'ddat:data-visualisation', reason: 'asked for together in 2 DDaT role levels, e.g. Junior data analyst' },
      { skill: 'ddat:programming', reason: 'asked for together in the DDaT role Junior data analyst' },
      { skill: 'ddat:statistics', reason: 'asked for together in the DDaT role Data analyst' },
    ]);
  });

  test('O*NET: the same commodity, most used first; another commodity is not a neighbour', () => {
    expect(frameworkNeighbours('onet:python', data).map((n) => n.skill)).toEqual(['onet:java', 'onet:r']);
    expect(frameworkNeighbours('onet:excel', data)).toEqual([]);
    expect(frameworkNeighbours('custom:x', data)).toEqual([]);
  });

  test('limit', () => {
    expect(frameworkNeighbours('ddat:analysis', data, 1)).toHaveLength(1);
  });
});

describe('mergeRelatedSkills', () => {
  test('co-held first, framework neighbours after, no duplicates, not the skill or excluded ones, capped', () => {
    const merged = mergeRelatedSkills('onet:python', ['onet:sql', 'onet:python', 'onet:r'], frameworkNeighbours('onet:python', data), 3, ['onet:sql']);
    expect(merged).toEqual([
      { skill: 'onet:r', source: 'co-held', reason: null },
      { skill: 'onet:java', source: 'framework', reason: 'both O*NET “Object or component oriented development software”' },
    ]);
    expect(mergeRelatedSkills('a', ['b', 'c', 'd'], [], 2)).toHaveLength(2);
  });
});
