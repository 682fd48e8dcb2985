import { describe, expect, test } from 'vitest';
import { wrapLabel } from './radar-chart';

describe('wrapLabel: chart labels that never run off the chart', () => {
  test.each([
    ['Python', 16, ['Python']],
    ['Communicating between the technical and non-technical', 16, ['Communicating', 'between the…']],
    ['Data visualisation', 16, ['Data', 'visualisation']],
    ['Programming and build (data science)', 10, ['Programmi…', 'and build…']],
    ['Supercalifragilistic', 8, ['Superca…']],
  ])('%j at %i characters', (text, width, expected) => {
    const lines = wrapLabel(text, width, 2);
    expect(lines).toEqual(expected);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
  });
});
