/**
 * bench:ui's annotation numbers: 5,000 annotations (highlights, underlines, notes) on the 350-page
 * PDF, made through the engine's own command, then in Chromium:
 *
 *   - the Notes tab: click → list painted, and each filter (words, colour, kind, cleared) → list painted   ≤ 150 ms
 *   - page turns with the annotations drawn against the same turns by a user with none        ≤ 100 ms extra
 *
 * Page turns are the toolbar's Next page (pdf.js has usually rendered the next page already)
 * and jumps through the page box to pages far apart (rendered fresh, their marks drawn on
 * 'pagerendered'); each is timed from the click or Enter to the frame after the page's canvas
 * has ink and, for the user with annotations, its marks are drawn.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Engine } from '../native/engine.js';

export const ANNOTATIONS = 5000;
export const TARGET_NOTES_LIST_MS = 150;
export const TARGET_PAGE_TURN_EXTRA_MS = 100;
/** The user with the annotations, and one with none; both with learning paused, so neither has a profile to weigh suggestions with (the page turns compare drawing, not suggestions). */
const NOTES_USER = 'bench-notes';
const EMPTY_USER = 'bench-no-notes';
const NEXT_TURNS = 20;
const JUMPS = [40, 300, 95, 260, 150, 20, 330, 120, 210, 70];

export interface AnnotationNumbers {
  seededMs: number | null;
  listLoadRtt: number[];
  tabMs: number;
  items: number;
  filters: Array<{ what: string; ms: number; items: number }>;
  turns: { without: number[]; with: number[] };
  jumps: { without: number[]; with: number[] };
}

interface Helpers {
  newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }>;
  waitFor<T>(page: Page, expression: string, timeoutMs?: number): Promise<T>;
  socketRoundTrip(page: Page, command: string, args: unknown, times: number): Promise<{ ms: number[]; bytes: number }>;
}

const COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;

/** Makes the 5,000 annotations of NOTES_USER on the PDF, unless a cached library has them already; the time it took, or null when reused. */
async function seed(engine: Engine, pdfId: string): Promise<number | null> {
  for (const name of [NOTES_USER, EMPTY_USER]) {
    try {
      await engine['users:create']({ name });
    } catch {
      // made by an earlier run on this cached library
    }
    await engine['profile:setLearning']({ user: name, paused: true });
  }
  const existing = (await engine['annotations:list']({ user: NOTES_USER, documentId: pdfId })).annotations;
  if (existing.length === ANNOTATIONS) return null;
  for (const a of existing) await engine['annotations:delete']({ user: NOTES_USER, id: a.id });
  const { passages } = await engine['library:passages']({ id: pdfId });
  const t0 = performance.now();
  for (let i = 0; i < ANNOTATIONS; i++) {
    const p = passages[i % passages.length]!;
    const span = p.spans[0]!;
    const length = span.charEnd - span.charStart;
    const round = Math.floor(i / passages.length);
    const from = span.charStart + ((round * 37) % Math.max(1, length - 60));
    const to = Math.min(span.charEnd, from + 20 + (i % 40));
    const kind = i % 10 < 6 ? 'highlight' : i % 10 < 8 ? 'underline' : 'note';
    await engine['annotations:create']({
      user: NOTES_USER,
      documentId: pdfId,
      kind,
      color: kind === 'note' ? undefined : COLORS[i % COLORS.length],
      anchor: { page: span.page, spans: [{ page: span.page, charStart: from, charEnd: to }], quote: '' },
      note: kind === 'note' ? `Bench note ${i} on page ${span.page}` : undefined,
    });
  }
  return performance.now() - t0;
}

/** In the page: runs `act`, then resolves with the time from before it to the frame after `ready()` holds. */
const TIMED = (act: string, ready: string) => `
new Promise((resolve) => {
  const t0 = performance.now();
  ${act};
  const tick = () => { if (${ready}) window.__bench.afterPaint((t) => resolve(t - t0)); else requestAnimationFrame(tick); };
  tick();
})`;

/**
 * The page's canvas has ink on it (pdf.js has rendered it: 'data-loaded' and the canvas come at
 * the start of rendering), and, for the user with annotations, its marks are drawn (on
 * 'pagerendered', after the ink): the same end for both users but the marks.
 */
const pageReady = (n: number, marks: boolean) => `(() => {
  const d = document.querySelector('.pdfViewer .page[data-page-number="${n}"]');
  const canvas = d && d.querySelector('canvas');
  if (!canvas || canvas.width === 0 || canvas.hidden || canvas.offsetParent === null) return false;
  ${marks ? "if (!d.querySelector('.annotation-layer')) return false;" : ''}
  const small = window.__inkCanvas || (window.__inkCanvas = Object.assign(document.createElement('canvas'), { width: 48, height: 64 }));
  const ctx = small.getContext('2d', { willReadFrequently: true });
  ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, 48, 64);
  ctx.drawImage(canvas, 0, 0, 48, 64);
  const px = ctx.getImageData(0, 0, 48, 64).data;
  let dark = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i] < 160) dark++;
  return dark > 10;
})()`;

/** Sets a controlled input's value as typing or pasting would (React listens to 'input'). */
const setInput = (selector: string, value: string) =>
  `(() => { const el = document.querySelector(${JSON.stringify(selector)}); const set = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value').set; set.call(el, ${JSON.stringify(value)}); el.dispatchEvent(new Event(${JSON.stringify(selector.startsWith('select') ? 'change' : 'input')}, { bubbles: true })); })()`;

async function openPdf(page: Page, helpers: Helpers, url: string, title: string, marks: boolean): Promise<void> {
  await page.goto(url);
  // As bench:ui's PDF runs: the library's probe (INSTRUMENT) opens a Remove confirmation on the first row; cancel it first.
  await helpers.waitFor(page, 'window.__bench.usableAt', 30_000);
  await page.evaluate(`document.querySelector('ul.documents [role=group] button:last-child')?.click()`);
  await page.waitForTimeout(300);
  await page.getByRole('button', { name: `Open ${title}` }).click();
  await helpers.waitFor(page, pageReady(1, marks), 30_000);
}

async function pageTurns(page: Page, marks: boolean): Promise<{ next: number[]; jumps: number[] }> {
  const box = page.getByRole('textbox', { name: 'Page number' });
  await box.fill('150');
  await box.press('Enter');
  const next: number[] = [];
  for (let i = 0; i < NEXT_TURNS; i++) {
    const target = 151 + i;
    next.push((await page.evaluate(TIMED(`document.querySelector('button[aria-label="Next page"]').click()`, pageReady(target, marks)))) as number);
  }
  const jumps: number[] = [];
  for (const target of JUMPS) {
    await box.fill(String(target));
    // Enter is pressed in the page, so the time starts where a person's key would.
    const act = `document.querySelector('input[aria-label="Page number"]').closest('form').requestSubmit()`;
    jumps.push((await page.evaluate(TIMED(act, pageReady(target, marks)))) as number);
  }
  return { next, jumps };
}

export async function measureAnnotations(browser: Browser, engine: Engine, url: string, pdfId: string, title: string, helpers: Helpers): Promise<AnnotationNumbers> {
  const seededMs = await seed(engine, pdfId);

  // Baseline: the list itself over a socket of the page's own (right after loading, while the address still holds the token).
  const bare = await helpers.newPage(browser);
  let listLoadRtt: number[];
  try {
    await bare.page.goto(url);
    listLoadRtt = (await helpers.socketRoundTrip(bare.page, 'annotations:list', { user: NOTES_USER, documentId: pdfId }, 5)).ms;
  } finally {
    await bare.context.close();
  }

  // Without: a user with no annotations turns the same pages.
  const without = await helpers.newPage(browser);
  let turnsWithout: { next: number[]; jumps: number[] };
  try {
    await without.context.addInitScript(`localStorage.setItem('lectern.user', ${JSON.stringify(EMPTY_USER)})`);
    await openPdf(without.page, helpers, url, title, false);
    turnsWithout = await pageTurns(without.page, false);
  } finally {
    await without.context.close();
  }

  const withNotes = await helpers.newPage(browser);
  try {
    await withNotes.context.addInitScript(`localStorage.setItem('lectern.user', ${JSON.stringify(NOTES_USER)})`);
    await openPdf(withNotes.page, helpers, url, title, true);
    const turnsWith = await pageTurns(withNotes.page, true);

    const items = `document.querySelectorAll('.notes-list .annotation-item').length`;
    const tabMs = (await withNotes.page.evaluate(TIMED(`document.querySelector('#side-tab-notes').click()`, `${items} > 0`))) as number;
    const shown = (await withNotes.page.evaluate(items)) as number;
    const filters: AnnotationNumbers['filters'] = [];
    const filter = async (what: string, act: string) => {
      // The list changes (or stays) synchronously with React's render; the frame after is what a person sees.
      const ms = (await withNotes.page.evaluate(TIMED(act, 'true'))) as number;
      filters.push({ what, ms, items: (await withNotes.page.evaluate(items)) as number });
    };
    await filter('words "harbour"', setInput('.notes-panel input[type="search"]', 'harbour'));
    await filter('words "bench note 4"', setInput('.notes-panel input[type="search"]', 'bench note 4'));
    await filter('words cleared', setInput('.notes-panel input[type="search"]', ''));
    await filter('colour green', `document.querySelector('.notes-colors button[aria-label="Only green"]').click()`);
    await filter('colour cleared', `document.querySelector('.notes-colors button[aria-label="Only green"]').click()`);
    await filter('kind underline', setInput('select[aria-label="Kind"]', 'underline'));
    await filter('kind cleared', setInput('select[aria-label="Kind"]', 'all'));
    return {
      seededMs,
      listLoadRtt,
      tabMs,
      items: shown,
      filters,
      turns: { without: turnsWithout.next, with: turnsWith.next },
      jumps: { without: turnsWithout.jumps, with: turnsWith.jumps },
    };
  } finally {
    await withNotes.context.close();
  }
}
