import { describe, expect, test } from 'vitest';
import { mapDdatLevel, mapLevelWord, mapOrdinalPosition, mapRubricLevel, mapSfiaLevel } from './levels';

describe('crosswalk', () => {
  test.each([
    ['Awareness', 1],
    ['Working', 2],
    ['Practitioner', 3],
    ['Expert', 5],
  ])('DDaT %s -> %i', (word, level) => {
    expect(mapDdatLevel(word)).toEqual({ level, sourceLevel: word, sourceFramework: 'UK DDaT' });
  });

  test.each([
    [1, 1],
    [3, 2],
    [4, 3],
    [5, 4],
    [7, 5],
    ['Level 6', 5],
  ])('SFIA %s -> %i', (raw, level) => {
    expect(mapSfiaLevel(raw)?.level).toBe(level);
  });

  test.each([
    ['Basic', 1],
    ['Intermediate level', 3],
    ['ADVANCED', 4],
    ['unrelated', null],
  ])('word %s -> %s', (word, level) => {
    expect(mapLevelWord(word)?.level ?? null).toBe(level);
  });

  test.each([
    [0, 4, 1],
    [1, 4, 2],
    [2, 4, 4],
    [3, 4, 5],
    [0, 1, 5],
    [2, 5, 3],
  ])('rung %i of %i -> %i', (index, count, level) => {
    expect(mapOrdinalPosition(index, count)).toBe(level);
  });

  test('rubric levels are ordered by points, not by the order they are listed in', () => {
    const rungs = [
      { id: 'r3', name: 'Exceeds', points: '30' },
      { id: 'r1', name: 'Below', points: '10' },
      { id: 'r2', name: 'Meets', points: '20' },
    ];
    expect(mapRubricLevel('r3', rungs)?.level).toBe(5);
    expect(mapRubricLevel('Meets', rungs)?.level).toBe(3);
    expect(mapRubricLevel('r1', rungs)?.level).toBe(1);
    expect(mapRubricLevel('nope', rungs)).toBeNull();
  });
});

describe('orderRubric with ties', () => {
  test('equal points do not decide the order; level words do (OB 3.0 fullOpenBadge example)', () => {
    const rungs = [
      { id: 'm', name: 'Mastery', level: 'Mastered', points: '4' },
      { id: 'b', name: 'Basic', level: 'Basic', points: '4' },
    ];
    expect(mapRubricLevel('m', rungs)?.level).toBe(5);
    expect(mapRubricLevel('b', rungs)?.level).toBe(1);
  });
  test('distinct points still win over labels', () => {
    const rungs = [
      { id: 'a', name: 'Expert', points: '1' },
      { id: 'b', name: 'Awareness', points: '3' },
    ];
    expect(mapRubricLevel('b', rungs)?.level).toBe(5);
  });
});
