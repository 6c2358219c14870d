import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LecternError } from '../../../../native/api/errors.js';
import { imageAsPdf, imageKind } from '../../../../native/ingest/imageAsPdf.js';
import { loadPdfium } from '../../../../native/ingest/pdfium/loadPdfium.js';
import { PdfiumDocument } from '../../../../native/ingest/pdfium/PdfiumDocument.js';
import { renderPage, type RenderedPage } from '../../../../native/ingest/pdfium/renderPage.js';
import { encodePng } from '../../../fixtures/encodePng.js';

/** A 240 × 160 grey pattern: 8-pixel squares of black and white, and a grey ramp down the right third, so every filter has something to predict. */
function pattern(): { width: number; height: number; pixels: Uint8Array } {
  const [width, height] = [240, 160];
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels[y * width + x] = x >= 160 ? (y * 255) / (height - 1) : ((x >> 3) + (y >> 3)) % 2 ? 0 : 255;
  return { width, height, pixels };
}

/** The PDF's one page, drawn by PDFium the way OCR draws it (at the image's own resolution). */
async function drawBack(pdf: Uint8Array): Promise<RenderedPage & { pages: number }> {
  const pdfium = await loadPdfium();
  const doc = PdfiumDocument.open(pdfium, pdf);
  try {
    return { ...renderPage(pdfium, doc.handle, 1), pages: doc.pageCount };
  } finally {
    doc.close();
  }
}

function maxDifference(a: Uint8Array, b: Uint8Array): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

test('PNG and JPEG are told by their first bytes, whatever their name', () => {
  assert.equal(imageKind(encodePng({ ...pattern(), colourType: 0 })), 'png');
  assert.equal(imageKind(Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'jpeg');
  assert.equal(imageKind(Buffer.from('%PDF-1.7')), null);
});

for (const filter of [0, 1, 2, 3, 4] as const) {
  test(`a grey PNG (row filter ${filter}) becomes one page the size its 200 DPI gives, drawn back pixel for pixel`, async () => {
    const image = pattern();
    const page = await drawBack(imageAsPdf(encodePng({ ...image, colourType: 0, dpi: 200, filter }), 'png'));
    assert.equal(page.pages, 1);
    assert.equal(Math.round(page.dpi), 200);
    assert.deepEqual([page.width, page.height], [image.width, image.height]);
    assert.ok(Math.abs(page.userWidth - (240 * 72) / 200) < 0.02, String(page.userWidth));
    assert.ok(maxDifference(page.pixels, image.pixels) <= 2, `differs by ${maxDifference(page.pixels, image.pixels)}`);
  });
}

test('a PNG that does not say its resolution is taken as a 300 DPI scan', async () => {
  const page = await drawBack(imageAsPdf(encodePng({ ...pattern(), colourType: 0 }), 'png'));
  assert.ok(Math.abs(page.userWidth - (240 * 72) / 300) < 0.02, String(page.userWidth));
});

test('a palette PNG and an RGB PNG draw the same greys as the grey original', async () => {
  const image = pattern();
  const rgb = new Uint8Array(image.pixels.length * 3).map((_, i) => image.pixels[Math.floor(i / 3)]!);
  const palette = new Uint8Array(256 * 3).map((_, i) => Math.floor(i / 3));
  for (const png of [encodePng({ ...image, colourType: 2, pixels: rgb, filter: 4, dpi: 200 }), encodePng({ ...image, colourType: 3, palette, filter: 1, dpi: 200 })]) {
    const page = await drawBack(imageAsPdf(png, 'png'));
    assert.ok(maxDifference(page.pixels, image.pixels) <= 2, `differs by ${maxDifference(page.pixels, image.pixels)}`);
  }
});

test('a PNG with transparency is laid on white paper: clear pixels white, opaque ink black', async () => {
  const image = pattern();
  // Clear pixels are black underneath: drawn without their alpha they would be black.
  const rgba = new Uint8Array(image.pixels.length * 4);
  image.pixels.forEach((v, p) => rgba.set(v === 0 ? [0, 0, 0, 255] : [0, 0, 0, 0], p * 4));
  const page = await drawBack(imageAsPdf(encodePng({ ...image, colourType: 6, pixels: rgba, filter: 2, dpi: 200 }), 'png'));
  const expected = image.pixels.map((v) => (v === 0 ? 0 : 255));
  assert.ok(maxDifference(page.pixels, expected) <= 2, `differs by ${maxDifference(page.pixels, expected)}`);
});

test('a JPEG is embedded as it is, its page the size its JFIF resolution gives', async () => {
  // A JPEG's header: SOI, JFIF APP0 at 150 × 150 dots per inch, a baseline frame of 450 × 300 grey pixels (no scan data: PDFium reads no pixel to size the page).
  const jfif = [0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 1, 0x00, 0x96, 0x00, 0x96, 0, 0];
  const frame = [0xff, 0xc0, 0x00, 0x0b, 8, 0x01, 0x2c, 0x01, 0xc2, 1, 1, 0x11, 0];
  const jpeg = Uint8Array.from([0xff, 0xd8, ...jfif, ...frame, 0xff, 0xd9]);
  const pdf = imageAsPdf(jpeg, 'jpeg');
  const text = Buffer.from(pdf).toString('latin1');
  assert.match(text, /\/Width 450 \/Height 300 \/ColorSpace \/DeviceGray \/BitsPerComponent 8 \/Filter \/DCTDecode/);
  assert.ok(Buffer.from(pdf).includes(Buffer.from(jpeg)), 'the JPEG bytes, unchanged');
  const pdfium = await loadPdfium();
  const doc = PdfiumDocument.open(pdfium, pdf);
  const handle = pdfium.FPDF_LoadPage(doc.handle, 0);
  try {
    assert.deepEqual([pdfium.FPDF_GetPageWidthF(handle), pdfium.FPDF_GetPageHeightF(handle)], [216, 144]);
  } finally {
    pdfium.FPDF_ClosePage(handle);
    doc.close();
  }
});

test('a PNG cut short is refused with UNSUPPORTED_FORMAT, saying to save it again', () => {
  const png = encodePng({ ...pattern(), colourType: 0 });
  assert.throws(
    () => imageAsPdf(png.subarray(0, 60), 'png'),
    (e: LecternError) => e.code === 'UNSUPPORTED_FORMAT' && /save it again/i.test(e.message),
  );
});

test('an image over 100 million pixels is refused with PAGE_TOO_LARGE before anything is decoded', () => {
  const png = encodePng({ width: 1, height: 1, pixels: new Uint8Array([255]), colourType: 0 });
  // Rewrite the header's size (its checksum is not what the reader checks): 20000 × 6000.
  const big = Buffer.from(png);
  big.writeUInt32BE(20_000, 16);
  big.writeUInt32BE(6_000, 20);
  assert.throws(
    () => imageAsPdf(big, 'png'),
    (e: LecternError) => e.code === 'PAGE_TOO_LARGE' && /Shrink it/.test(e.message),
  );
});
