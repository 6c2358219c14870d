/** Reading the suggestions strip of the web app in a browser test, by role and name. */
import type { Locator, Page } from 'playwright-core';

/** The suggestions shown, in order: each question and the reason given for it. */
export type Strip = Array<{ text: string; reason: string }>;

function strip(page: Page): Locator {
  return page.getByRole('region', { name: 'Suggested questions' });
}

/** The strip once it has answered for `user` and is not refreshing. */
export async function suggestionsFor(page: Page, user: string): Promise<Strip> {
  const heading = user === 'default' ? 'Suggested for you' : `Suggested for ${user}`;
  await strip(page).getByRole('heading', { name: heading }).waitFor({ timeout: 20_000 });
  await page.locator('section[aria-label="Suggested questions"][aria-busy="false"]').waitFor({ timeout: 20_000 });
  const items = strip(page)
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: /^Dismiss suggestion: / }) });
  // Each item's first button asks: its name is the question (its text), its description (aria-describedby) the reason.
  return items.evaluateAll((lis) =>
    lis.map((li) => {
      const b = li.querySelector('button')!;
      return { text: b.textContent ?? '', reason: b.ownerDocument.getElementById(b.getAttribute('aria-describedby') ?? '')?.textContent ?? '' };
    }),
  );
}

/** The strip once it has stayed the same for a while: the profile learns from every event, and the strip follows it. */
export async function settledSuggestionsFor(page: Page, user: string): Promise<Strip> {
  let last = await suggestionsFor(page, user);
  for (let i = 0; i < 10; i++) {
    await page.waitForTimeout(1_500);
    const now = await suggestionsFor(page, user);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  return last;
}

/** How strongly a strip's questions lean to a topic: those about it, the earlier the more (1, 1/2, 1/3…). */
export function lean(shown: Strip, topic: RegExp): number {
  return shown.reduce((sum, s, i) => sum + (topic.test(s.text) ? 1 / (i + 1) : 0), 0);
}

/** A strip in one line, for assertion messages. */
export function listed(shown: Strip): string {
  return shown.map((s) => `${s.text} (${s.reason})`).join(' | ');
}
