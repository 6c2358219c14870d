/**
 * Walks the main path through the web app and saves screenshots: import a contract through
 * the file picker, search, open the hit in the reader, ask (extractive, no model) and open a
 * citation, then the profile page. Run after building: `node dist/test/e2e/captureScreenshots.js [outDir]`.
 */
import path from 'node:path';
import { makeContractPdf } from '../fixtures/makePdfs.js';
import { makeTempDir, removeDir } from '../helpers/tempDir.js';
import { launchChromium, openApp, startWebApp } from './startWebApp.js';

const outDir = path.resolve(process.argv[2] ?? 'screenshots');
const colorScheme = process.argv[3] === 'dark' ? 'dark' : 'light';
const work = makeTempDir('lectern-e2e-');
const pdfPath = await makeContractPdf(work);
const app = await startWebApp(path.join(work, 'library'));
const browser = await launchChromium();
const { page, errors } = await openApp(browser, app, { colorScheme });
try {
  await page.getByRole('button', { name: 'Import files…' }).waitFor();
  await page.getByLabel('Files to import').setInputFiles(pdfPath);
  await page.getByRole('button', { name: /^Open MASTER SERVICES AGREEMENT/i }).waitFor({ timeout: 30_000 });

  await page.keyboard.press('Control+K');
  await page.keyboard.type('governing law Delaware');
  await page.getByRole('list', { name: 'Search results' }).getByRole('button').first().waitFor();
  await page.screenshot({ path: path.join(outDir, `library-${colorScheme}.png`) });

  await page.getByRole('list', { name: 'Search results' }).getByRole('button').first().click();
  await page.locator('.pdfViewer .page canvas').first().waitFor({ timeout: 20_000 });
  await page.locator('.textLayer span').first().waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(outDir, `reader-${colorScheme}.png`) });

  await page.getByRole('textbox', { name: 'Question' }).fill('Which law governs this agreement?');
  await page.getByRole('textbox', { name: 'Question' }).press('Enter');
  await page
    .getByText(/Extractive answer/)
    .first()
    .waitFor({ timeout: 20_000 });
  const citation = page.getByRole('button', { name: /^Citation P1/ });
  await citation.hover();
  await citation.click();
  await page.locator('.citation-highlight').first().waitFor({ timeout: 10_000 });
  await page.waitForTimeout(500);
  await citation.hover();
  await page.screenshot({ path: path.join(outDir, `answer-${colorScheme}.png`) });

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Profile' }).click();
  await page
    .getByRole('heading', { name: /^Profile/ })
    .first()
    .waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(outDir, `profile-${colorScheme}.png`) });

  await page.getByRole('button', { name: 'Models' }).click();
  await page.getByRole('heading', { name: 'Recommended models' }).waitFor();
  await page.screenshot({ path: path.join(outDir, `models-${colorScheme}.png`) });

  if (errors.length > 0) console.error(`console errors:\n${errors.join('\n')}`);
  console.log(`screenshots in ${outDir}`);
} catch (error) {
  await page.screenshot({ path: path.join(outDir, `failure-${colorScheme}.png`) });
  console.error(`console errors:\n${errors.join('\n')}`);
  throw error;
} finally {
  await browser.close();
  await app.close();
  removeDir(work);
}
