// Layout of the category (skill) axis of a horizontal bar chart, from the labels and the width the
// chart actually has: at 1280 px a long skill name fits on one line; at 390 px a fixed 200 px axis
// left ~100 px for the bars and clipped names. The axis takes what its longest label needs, at most
// a share of the chart (so the bars keep room), and labels that do not fit wrap to up to three lines
// (the last one cut with "…"; the full name is in the tick's <title>, the tooltip and the table).
// Each row is then as tall as its lines need. Pure, so it is tested without a browser.

/** Average glyph advance of the UI sans-serif, as a share of the font size (measured ~0.55-0.6). */
const CHAR_EM = 0.6;
const LINE_EM = 1.2;
export const MAX_LABEL_LINES = 3;

export type CategoryAxisLayout = {
  /** Pixels for the axis (labels and tick gap). */
  axisWidth: number;
  /** Characters per label line. */
  charsPerLine: number;
  /** Each label's lines, in the order given. */
  lines: string[][];
  /** Height of one row (one category), enough for its tallest label and its bars. */
  rowHeight: number;
  fontSize: number;
};

export function categoryAxisLayout(
  labels: string[],
  chartWidth: number,
  options: { fontSize?: number; barsPerRow?: number; barThickness?: number; maxShare?: number; minAxis?: number; maxAxis?: number } = {},
): CategoryAxisLayout {
  const narrow = chartWidth > 0 && chartWidth < 480;
  const fontSize = options.fontSize ?? (narrow ? 11 : 12);
  const charPx = fontSize * CHAR_EM;
  const gap = 10; // between the label and the axis line
  const maxShare = options.maxShare ?? (narrow ? 0.42 : 0.34);
  const minAxis = options.minAxis ?? 60;
  // Before the first measurement (width 0) assume a desktop chart: the layout settles on the next frame.
  const width = chartWidth > 0 ? chartWidth : 800;
  const maxAxis = Math.max(minAxis, Math.min(options.maxAxis ?? 240, Math.floor(width * maxShare)));
  const longest = labels.reduce((n, l) => Math.max(n, l.length), 0);
  const oneLine = Math.ceil(longest * charPx) + gap;
  const axisWidth = Math.max(minAxis, Math.min(maxAxis, oneLine));
  const charsPerLine = Math.max(6, Math.floor((axisWidth - gap) / charPx));
  const lines = labels.map((l) => (l.length <= charsPerLine ? [l] : wrapLabel(l, charsPerLine, MAX_LABEL_LINES)));
  const tallest = lines.reduce((n, ls) => Math.max(n, ls.length), 1);
  const barsPerRow = options.barsPerRow ?? 1;
  const barThickness = options.barThickness ?? 12;
  const labelHeight = tallest * fontSize * LINE_EM;
  const barsHeight = barsPerRow * barThickness + (barsPerRow - 1) * 2;
  const rowHeight = Math.ceil(Math.max(labelHeight, barsHeight) + 12);
  return { axisWidth, charsPerLine, lines, rowHeight, fontSize };
}

/** "Communicating between the technical and non-technical" -> at most two lines of ~16 characters. */
export function wrapLabel(text: string, width = 16, maxLines = 2): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (!line) line = word;
    else if (`${line} ${word}`.length <= width) line = `${line} ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1]!.slice(0, width - 1)}…`;
    return kept.map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
  }
  // A single word longer than the line is cut rather than allowed to run off the chart.
  return lines.map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
}
