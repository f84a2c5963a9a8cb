import type { Page, TestInfo } from "@playwright/test";

export const WIDTHS = [1280, 1024] as const;

/**
 * Saves a full-page screenshot of the current page at each width under the test's output dir
 * (not committed), and returns whether the page scrolled horizontally at any of them.
 */
export async function screenshotAtWidths(page: Page, testInfo: TestInfo, name: string): Promise<number[]> {
  const overflowing: number[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: testInfo.outputPath(`${name}-${width}.png`), fullPage: true });
    const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    if (scrolls) overflowing.push(width);
  }
  return overflowing;
}
