'use client';
// The pieces a horizontal bar chart needs to stay readable at any width: the chart's measured width
// (recharts' ResponsiveContainer measures too, but the axis and height must be known before it
// draws) and a tick that draws a label's wrapped lines with the full name as its <title>.
import { useEffect, useMemo, useRef, useState, type ReactElement, type RefObject } from 'react';
import { categoryAxisLayout, type CategoryAxisLayout } from './category-axis-layout';

export function useElementWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setWidth(Math.round(el.getBoundingClientRect().width));
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

type TickProps = { x?: number | string; y?: number | string; payload?: { value?: string; index?: number }; index?: number };

/** A category tick whose lines come from categoryAxisLayout, right-aligned against the axis and centred on the row. */
export function wrappedCategoryTick(lines: Map<string, string[]>, fontSize: number) {
  return function WrappedCategoryTick(props: TickProps): ReactElement {
    const x = Number(props.x ?? 0);
    const y = Number(props.y ?? 0);
    const full = String(props.payload?.value ?? '');
    const ls = lines.get(full) ?? [full];
    return (
      <text x={x} y={y} textAnchor="end" fontSize={fontSize} fill="#334155" dominantBaseline="central">
        <title>{full}</title>
        {ls.map((l, i) => (
          <tspan key={i} x={x} dy={i === 0 ? `${-(ls.length - 1) * 0.6}em` : '1.2em'}>
            {l}
          </tspan>
        ))}
      </text>
    );
  };
}

/**
 * Everything a horizontal bar chart needs for its category axis: a ref for the chart's element, its
 * measured width, the axis layout for these labels at that width, and the wrapped tick to draw them.
 */
export function useCategoryAxis(labels: string[], options: { fontSize?: number; barsPerRow: number; barThickness: number }) {
  const [ref, width] = useElementWidth<HTMLElement>();
  const { fontSize, barsPerRow, barThickness } = options;
  const key = labels.join('\u0000');
  // Keyed by the labels' text, so a new array with the same labels keeps the memoised layout.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const layout: CategoryAxisLayout = useMemo(() => categoryAxisLayout(labels, width, { fontSize, barsPerRow, barThickness }), [key, width, fontSize, barsPerRow, barThickness]);
  const tick = useMemo(() => wrappedCategoryTick(new Map(labels.map((l, i) => [l, layout.lines[i] ?? [l]])), layout.fontSize),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key, layout]);
  return { ref, width, layout, tick };
}
