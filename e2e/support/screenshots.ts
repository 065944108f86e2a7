// Screenshots a person looks at after a run (e2e/screenshots/, git-ignored): each view in the
// light and the dark theme, without hover toolbars or toasts in the picture.
import type { Page } from '@playwright/test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const screenshots = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

export async function screenshotBothThemes(page: Page, name: string, options: { fullHeight?: boolean } = {}) {
  const shoot = async (file: string) => {
    await page.waitForTimeout(400); // let colour transitions and chart redraws finish
    await page.screenshot({ path: path.join(screenshots, file) });
  };
  await page.mouse.move(0, 0); // no hover toolbars or tooltips in the picture
  const dismiss = page.getByTestId('toast').getByRole('button', { name: 'Dismiss' });
  // Each click removes a toast (and others may expire meanwhile): always take the first one left.
  for (let tries = 0; tries < 10 && (await dismiss.count()) > 0; tries++) await dismiss.first().click({ timeout: 2000 }).catch(() => undefined);
  const viewport = page.viewportSize()!;
  if (options.fullHeight) {
    // Pages scroll inside the app shell, so a taller window is what shows all of one.
    const hidden = await page.evaluate(() => {
      const content = document.querySelector<HTMLElement>('.app-content')!;
      // The page's own scroller fills the content area; panes scrolling inside it do not count.
      const scrollers = Array.from(content.querySelectorAll<HTMLElement>('*')).filter(
        (element) => ['auto', 'scroll'].includes(getComputedStyle(element).overflowY) && element.clientHeight >= content.clientHeight * 0.8,
      );
      return Math.max(0, ...scrollers.map((element) => element.scrollHeight - element.clientHeight));
    });
    await page.setViewportSize({ width: viewport.width, height: Math.min(4000, viewport.height + hidden) });
  }
  // The theme follows the OS setting until toggled; emulating it also works under an open dialog.
  await page.emulateMedia({ colorScheme: 'light' });
  await shoot(`${name}.png`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await shoot(`${name}-other-theme.png`);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize(viewport);
}
