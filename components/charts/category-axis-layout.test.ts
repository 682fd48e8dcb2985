import { describe, expect, test } from 'vitest';
import { categoryAxisLayout } from './category-axis-layout';

const SKILLS = ['Data ethics and privacy', 'Communicating between the technical and non-technical', 'Testing', 'Quality assurance of data and analysis'];

describe('categoryAxisLayout: skill names readable at any chart width', () => {
  test('desktop: the axis fits the longest name on one line when it can, and never takes more than a third', () => {
    const wide = categoryAxisLayout(['Testing', 'Data ethics and privacy'], 900);
    expect(wide.lines.every((l) => l.length === 1)).toBe(true);
    expect(wide.axisWidth).toBeLessThan(200);
    const long = categoryAxisLayout(SKILLS, 900);
    expect(long.axisWidth).toBeLessThanOrEqual(900 * 0.34);
  });

  test.each([320, 358, 390])('a %i px chart: the bars keep most of the width, and every label line fits the axis', (width) => {
    const layout = categoryAxisLayout(SKILLS, width);
    expect(layout.axisWidth).toBeLessThanOrEqual(Math.floor(width * 0.42));
    expect(width - layout.axisWidth).toBeGreaterThanOrEqual(width * 0.55);
    for (const lines of layout.lines) {
      expect(lines.length).toBeLessThanOrEqual(3);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(layout.charsPerLine);
      // Glyphs at ~0.6 em must fit in the axis minus its gap.
      for (const line of lines) expect(line.length * layout.fontSize * 0.6).toBeLessThanOrEqual(layout.axisWidth - 10 + 0.001);
    }
    // Wrapped names: rows grow with their lines instead of overlapping the next row.
    const tallest = Math.max(...layout.lines.map((l) => l.length));
    expect(tallest).toBeGreaterThan(1);
    expect(layout.rowHeight).toBeGreaterThanOrEqual(tallest * layout.fontSize * 1.2);
  });

  test('a name too long for three lines is cut with an ellipsis (the full name is in the tick title and the table)', () => {
    const layout = categoryAxisLayout(['Communicating between the technical and non-technical and everyone else in the organisation'], 320);
    const lines = layout.lines[0]!;
    expect(lines).toHaveLength(3);
    expect(lines[2]!.endsWith('…')).toBe(true);
  });

  test('two bars per row need more height than one', () => {
    expect(categoryAxisLayout(['Testing'], 900, { barsPerRow: 4, barThickness: 14 }).rowHeight).toBeGreaterThan(categoryAxisLayout(['Testing'], 900).rowHeight);
  });
});
