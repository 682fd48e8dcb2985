// Shared checks for every page a journey visits: axe-core (WCAG 2.x A/AA rules), the page fitting
// the viewport's width, a title that names the page, and a full-page screenshot for reviewers.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  // An iPhone 12-15 class phone: the narrowest width the issue holds every page to.
  mobile: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

// Playwright runs from the repository root (playwright.config.ts); the folder is git-ignored.
const SCREENSHOT_DIR = path.resolve('e2e/screenshots');

/** Serious and critical axe violations on the page as it is now, one line each (empty when clean). */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`);
}

/** How far the page is wider than the viewport (0 when it fits), with the widest offenders named. */
export async function horizontalOverflow(page: Page): Promise<{ overflow: number; culprits: string[] }> {
  return page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const overflow = Math.max(0, document.documentElement.scrollWidth - viewport);
    const culprits: string[] = [];
    if (overflow > 0) {
      for (const el of Array.from(document.querySelectorAll('body *'))) {
        const rect = el.getBoundingClientRect();
        if (rect.right > viewport + 1 && rect.width > 0) {
          // Only the outermost element that overflows: its children say nothing new. Content that
          // scrolls inside its own box (a wide table in an overflow-x container) does not widen the page.
          const parent = el.parentElement?.getBoundingClientRect();
          if (parent && parent.right > viewport + 1) continue;
          let clipped = false;
          for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
            if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX)) clipped = true;
          }
          if (clipped) continue;
          culprits.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${String(el.className).split(' ').slice(0, 3).join('.')} (right ${Math.round(rect.right)})`);
        }
      }
    }
    return { overflow, culprits: culprits.slice(0, 5) };
  });
}

/**
 * Check the page that is open at both widths: axe serious/critical, no sideways scrolling, a title
 * naming the page, and a screenshot `e2e/screenshots/<name>-<viewport>.png`. Failures are soft so
 * that one run lists every problem on every page.
 */
export async function checkPageAtBothSizes(page: Page, name: string, options: { ready?: (page: Page) => Promise<void> } = {}): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const [viewportName, size] of Object.entries(VIEWPORTS) as [ViewportName, (typeof VIEWPORTS)[ViewportName]][]) {
    await page.setViewportSize(size);
    if (options.ready) await options.ready(page);
    await page.waitForLoadState('load');
    // Charts size themselves after layout (ResizeObserver): give them a frame to redraw.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const where = `${name} at ${viewportName} (${page.url()})`;
    expect.soft(await seriousAxeViolations(page), `axe serious/critical violations on ${where}`).toEqual([]);
    const { overflow, culprits } = await horizontalOverflow(page);
    expect.soft(overflow, `${where} is ${overflow}px wider than the viewport: ${culprits.join(', ')}`).toBe(0);
    const title = await page.title();
    expect.soft(title, `title of ${where}`).toMatch(/^(?!Skillproof$).+ · Skillproof$/);
    expect.soft(title, `title of ${where}`).not.toMatch(/Skillproof · Skillproof/);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${viewportName}.png`), fullPage: true });
  }
  await page.setViewportSize(VIEWPORTS.desktop);
}
