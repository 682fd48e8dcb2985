import { describe, expect, test } from 'vitest';
import { describeHolders, rankSkillSuggestions, type RankableSuggestion } from './skill-suggestions';

describe('rankSkillSuggestions', () => {
  const s = (id: string, tier: RankableSuggestion['tier'], holders: number | null): RankableSuggestion => ({ id, tier, holders });

  test.each([
    ['held before unheld, more holders first, within the better match', [s('a', 1, 0), s('b', 1, 5), s('c', 3, 40), s('d', 1, 12)], ['d', 'b', 'c', 'a']],
    ['an exact name leads even when nobody holds it', [s('java', 1, 300), s('r', 0, 0), s('rust', 1, 9)], ['r', 'java', 'rust']],
    ['equal counts keep the input order', [s('x', 2, 3), s('y', 2, 3)], ['x', 'y']],
    ['no counts: by match alone, input order', [s('m', 3, null), s('n', 1, null), s('o', 1, null)], ['n', 'o', 'm']],
  ])('%s', (_label, input, expected) => {
    expect(rankSkillSuggestions(input).map((c) => c.id)).toEqual(expected);
  });
});

describe('describeHolders', () => {
  test.each([
    [0, 'nobody holds this yet'],
    [1, '1 person'],
    [412, '412 people'],
    [12345, '12,345 people'],
    [null, null],
  ])('%s -> %s', (n, text) => {
    expect(describeHolders(n)).toBe(text);
  });
});
