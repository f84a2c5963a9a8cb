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
    // A chart far down a long page draws on its ResizeObserver's first callback, which may come
    // after the screenshot (the 1280 px calibration charts were captured blank): wait for every
    // chart container to hold its SVG, but never fail a test over a picture.
    await page
      .waitForFunction(
        () =>
          [...document.querySelectorAll(".recharts-responsive-container")].every((c) =>
            c.querySelector("svg"),
          ),
        undefined,
        { timeout: 3000 },
      )
      .catch(() => {});
    await page.screenshot({ path: testInfo.outputPath(`${name}-${width}.png`), fullPage: true });
    const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    if (scrolls) overflowing.push(width);
  }
  return overflowing;
}
