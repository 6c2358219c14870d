/**
 * The app as a browser sees it: an engine on a library folder, the web server serving the built
 * renderer (dist/renderer, from `vite build`), and headless Chromium. For end-to-end tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Engine, EngineOptions } from '../../native/engine.js';
import { LibrarySlot } from '../../native/LibrarySlot.js';
import { startWebServer, type WebServer } from '../../native/server/WebServer.js';
import { openTestEngine } from '../helpers/openTestEngine.js';

/** dist/renderer, next to the compiled tests (dist/test/e2e → dist/renderer). */
export const RENDERER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../renderer');

/** Chromium from the system (Debian's package); override with LECTERN_CHROMIUM. */
export const CHROMIUM_PATH = process.env.LECTERN_CHROMIUM ?? '/usr/bin/chromium';

export interface WebApp {
  /** The engine of the library open now (Settings › Open now switches it). */
  readonly engine: Engine;
  server: WebServer;
  close(): Promise<void>;
}

/** Web mode as `lectern web` runs it: a slot, so the app can open another library while serving. */
export async function startWebApp(libraryDir: string, engineOptions: Partial<EngineOptions> = {}): Promise<WebApp> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`The renderer is not built at ${RENDERER_DIR}: run \`npx vite build --config vite.config.ts\` first.`);
  }
  const slot = new LibrarySlot((dir, switchLibrary) => openTestEngine(dir, { ...engineOptions, switchLibrary }), libraryDir);
  const server = await startWebServer({ engine: slot, rendererDir: RENDERER_DIR });
  return {
    get engine() {
      return slot.current;
    },
    server,
    async close() {
      await server.close();
      await slot.close();
    },
  };
}

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM_PATH);
}

/** Why the browser tests cannot run here, or null when they can. */
export function e2eSkipReason(): string | null {
  if (!chromiumAvailable()) return `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set LECTERN_CHROMIUM)`;
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) return `the renderer is not built at ${RENDERER_DIR} (npm run build)`;
  return null;
}

/** Console errors the app did not cause itself (a 404/400 the app handles is expected). */
export function unexpectedErrors(errors: readonly string[]): string[] {
  return errors.filter((e) => !/Failed to load resource.*(404|400)/.test(e));
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A page on the app, failing loudly on console errors the app did not expect. */
export async function openApp(
  browser: Browser,
  app: WebApp,
  options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {},
): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 }, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(app.server.url);
  return { page, errors };
}
