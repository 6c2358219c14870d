/**
 * Text-layer quality per page: real language in several scripts, tables, code and short pages
 * are 'ok'; no text is 'none'; unmapped glyphs, control characters and text that is not language
 * are 'garbage'. Control characters never survive sanitizing. A rotated landscape page read by
 * the real ingest keeps its text and is judged 'ok'.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyTextLayerQuality, documentNeedsOcr } from '../native/ingest/applyTextLayerQuality.js';
import { assessTextLayer } from '../native/ingest/assessTextLayer.js';
import type { ComposedPage } from '../native/model/documentModel.js';
import type { LayoutPage } from '../native/ingest/pageModel.js';
import { countControlChars, sanitizeText } from '../native/ingest/sanitizeText.js';
import type { Engine } from '../native/engine.js';
import { createPdf, savePdf } from './fixtures/writePdf.js';
import { openTestEngine } from './helpers/openTestEngine.js';
import { makeTempDir, removeDir } from './helpers/tempDir.js';
import { SentenceMaker, NARRATIVE_BANK } from './fixtures/seededText.js';

/** A seeded pseudo-random generator, so junk is the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

const OK_PAGES: Record<string, string> = {
  english: new SentenceMaker(7, NARRATIVE_BANK).paragraph(220),
  french:
    "Le matin, la brume couvrait encore la vallée quand les pêcheurs descendirent vers le port. On entendait les mouettes au-dessus des barques, et l'odeur du sel montait des quais mouillés. " +
    "Marie avait préparé le café pour tout le monde ; elle savait que la journée serait longue, car le vent d'ouest annonçait une mer agitée. Les enfants, eux, couraient déjà sur la plage à la recherche de coquillages. " +
    "À midi, le soleil perça enfin les nuages et la lumière éclaira les façades blanches du village, où les volets bleus s'ouvraient un à un.",
  german:
    'Am Ufer des Sees stand ein altes Bootshaus, dessen Holzwände von Wind und Wetter gezeichnet waren. Jeden Sommer kamen die Kinder aus dem Dorf hierher, um zu schwimmen und Steine über das Wasser springen zu lassen. ' +
    'Der Großvater erzählte ihnen Geschichten von früher, als im Winter das Eis so dick war, dass man mit dem Pferdeschlitten bis zur Insel fahren konnte. Übermäßig streng war er nie; er lachte gern und schnitzte kleine Figuren aus Treibholz. ' +
    'Später, als die Straße gebaut wurde, veränderte sich die Gegend, doch das Bootshaus blieb stehen.',
  chinese:
    '清晨的山谷里雾气还没有散去，村民们已经开始在田里劳作。河边的老柳树下，几个孩子正在追逐嬉戏，笑声传得很远。' +
    '祖母坐在门前的石凳上，一边择菜一边讲述过去的故事：那时候的冬天特别冷，河面结了厚厚的冰，人们可以从冰上走到对岸去。' +
    '到了中午，太阳终于穿过云层，照亮了白墙黑瓦的房屋。远处传来集市的吆喝声，卖豆腐的小贩推着车慢慢走过石板路。' +
    '傍晚时分，炊烟袅袅升起，整个村庄都笼罩在一片温暖的光里。',
  arabic:
    'في الصباح الباكر كان الضباب لا يزال يغطي الوادي، وخرج الصيادون إلى الميناء حاملين شباكهم. كانت النوارس تحلق فوق القوارب، ورائحة البحر تملأ الأزقة الضيقة. ' +
    'جلست الجدة أمام البيت تحكي للأطفال عن الأيام الماضية، حين كان الشتاء قاسياً والرياح تهب من الغرب بلا توقف. ' +
    'وعند الظهيرة أشرقت الشمس أخيراً، فأضاءت الجدران البيضاء والنوافذ الزرقاء، وامتلأ السوق بأصوات الباعة والمشترين.',
  russian:
    'Утром туман ещё лежал над долиной, когда рыбаки спустились к пристани. Над лодками кричали чайки, и запах соли поднимался с мокрых причалов. Бабушка сидела у дома и рассказывала детям о прежних временах, когда зимой лёд был таким толстым, что до острова можно было доехать на санях.',
  japanese:
    '朝、谷にはまだ霧が残っていて、漁師たちは港へ下りていった。カモメが舟の上を飛び、濡れた岸壁から潮の香りが立ちのぼっていた。祖母は家の前に座り、昔の冬の話を子どもたちに聞かせた。',
  hindi:
    'सुबह घाटी में अभी भी कोहरा छाया था जब मछुआरे बंदरगाह की ओर उतरे। नावों के ऊपर समुद्री पक्षी उड़ रहे थे और गीले घाटों से नमक की गंध उठ रही थी। दादी घर के सामने बैठकर बच्चों को पुराने दिनों की कहानियाँ सुनाती थीं।',
  czech:
    'Strč prst skrz krk. Ráno ještě ležela nad údolím mlha, když rybáři sestoupili do přístavu. Nad čluny kroužili rackové a z mokrých mol stoupala vůně soli. Babička seděla před domem a vyprávěla dětem o starých časech.',
  hebrew: 'בבוקר הערפל עדיין כיסה את העמק כשהדייגים ירדו לנמל. השחפים עפו מעל הסירות וריח המלח עלה מן הרציפים הרטובים. הסבתא ישבה מול הבית וסיפרה לילדים על הימים ההם.',
  biblio:
    "[1] Smith, J. (2019). Tidal flows. J. Mar. Res. 77(3):211–240. doi:10.1357/002224019828474241 https://doi.org/10.1357/0022240 [2] Li, X.; Wang, Y. arXiv:2101.01234v2 [3] ISBN 978-3-16-148410-0, pp. 33–47. [4] RFC 7230, §3.2.4; https://example.org/a/b?c=d&e=f#g [5] O'Brien, K., et al. Nat. Geosci. 12, 45–51 (2020).",
  math: 'Let f(x) = ax² + bx + c, where a ≠ 0. Then f′(x) = 2ax + b = 0 ⇒ x = −b/(2a). ∑_{i=1}^{n} i = n(n+1)/2; ∫₀¹ x² dx = 1/3; P(A|B) = P(B|A)·P(A)/P(B); λ = 0.05, σ² = 1.2, μ ± 2σ.',
  numberTable: Array.from(
    { length: 18 },
    (_, i) => `${2001 + i}   ${(1234.5 + i * 37.25).toFixed(2)}   ${(i * 3.7 - 12).toFixed(1)}%   ${(98765 - i * 411).toLocaleString('en-US')}   $${(i * 12.5).toFixed(2)}`,
  ).join('\n'),
  code: [
    'export function median(values: number[]): number {',
    '  const sorted = [...values].sort((a, b) => a - b);',
    '  const mid = Math.floor(sorted.length / 2);',
    '  if (sorted.length === 0) return 0;',
    '  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;',
    '}',
    '',
    'for (const [key, value] of Object.entries(config)) {',
    '  if (value === undefined) throw new Error(`missing ${key}`);',
    '  result[key] = typeof value === "string" ? value.trim() : value;',
    '}',
  ].join('\n'),
  titlePage: 'THE TIME MACHINE\n\nAn Invention\n\nby H. G. Wells',
  pageNumber: '— 17 —',
  tableOfContents: [
    'Contents',
    'Preface ............................ vii',
    'Chapter 1. The Harbour ............... 1',
    'Chapter 2. Nets and Weather .......... 23',
    'Chapter 3. The Winter Ice ............ 57',
    'Index ................................ 311',
  ].join('\n'),
  acronyms:
    'The HTML, CSS and HTTP specifications from W3C and IETF define how XML, SVG and PDF documents travel; NSFW and SQL are acronyms too, as are FBI, NCBI and MRSA. ' +
    new SentenceMaker(3, NARRATIVE_BANK).paragraph(60),
  tabSeparated: 'Name\tRole\tYears\nAda Lovelace\tAnalyst\t1842–1843\nCharles Babbage\tEngineer\t1822–1871\nMary Somerville\tTranslator\t1831',
};

describe('assessTextLayer: ordinary text is ok', () => {
  for (const [name, text] of Object.entries(OK_PAGES)) {
    test(`${name} is ok`, () => {
      assert.equal(assessTextLayer(text, { chars: text.length, unmapped: 0, control: 0 }), 'ok');
      assert.equal(assessTextLayer(text), 'ok', "without the extractor's counts too");
    });
  }

  test("a few unmapped glyphs (a symbol font's bullets) on a full page of prose are ok", () => {
    const text = OK_PAGES.english!;
    assert.equal(assessTextLayer(text, { chars: text.length, unmapped: 6, control: 0 }), 'ok');
  });

  test('text laid over an image (a scan with an OCR layer) is ok', () => {
    const text = OK_PAGES.german!;
    assert.equal(assessTextLayer(text, { chars: text.length, unmapped: 0, control: 0, imageCoverage: 1 }), 'ok');
  });
});

describe('assessTextLayer: no text is none', () => {
  test('an empty page and a page of whitespace are none', () => {
    assert.equal(assessTextLayer('', { chars: 0, unmapped: 0, control: 0 }), 'none');
    assert.equal(assessTextLayer('  \n\n \t'), 'none');
  });

  test('a full-page image whose text layer holds only a page number is none', () => {
    assert.equal(assessTextLayer('12', { chars: 2, unmapped: 0, control: 0, imageCoverage: 0.97 }), 'none');
    assert.equal(assessTextLayer('12', { chars: 2, unmapped: 0, control: 0, imageCoverage: 0.1 }), 'ok', 'on a page without an image it is just a short page');
  });
});

describe('assessTextLayer: junk is garbage', () => {
  test("a page of mostly unmapped glyphs is garbage, by the extractor's counts", () => {
    const text = new SentenceMaker(11, NARRATIVE_BANK).paragraph(120);
    assert.equal(assessTextLayer(text, { chars: text.length, unmapped: Math.round(text.length * 0.4), control: 0 }), 'garbage');
  });

  test('U+FFFD and private-use characters in place of letters are garbage', () => {
    const rand = random(5);
    const pua = Array.from({ length: 300 }, () => (rand() < 0.15 ? ' ' : String.fromCharCode(0xe000 + Math.floor(rand() * 200)))).join('');
    assert.equal(assessTextLayer(pua), 'garbage');
    const replaced =
      'Th\uFFFD \uFFFD\uFFFDrb\uFFFDur \uFFFD\uFFFD\uFFFD w\uFFFD\uFFFD\uFFFD \uFFFD\uFFFDd \uFFFDh\uFFFD f\uFFFD\uFFFDry \uFFFD\uFFFD\uFFFD\uFFFD l\uFFFD\uFFFD\uFFFD';
    assert.equal(assessTextLayer(replaced), 'garbage');
  });

  test('control-character soup is garbage, whether the extractor dropped the characters or left them in', () => {
    const rand = random(9);
    const soup = Array.from({ length: 400 }, () => (rand() < 0.5 ? String.fromCharCode(1 + Math.floor(rand() * 30)) : pick(rand, [...'abcdefghij .,']))).join('');
    assert.ok(countControlChars(soup) > 100);
    assert.equal(assessTextLayer(soup), 'garbage');
    const dropped = sanitizeText(soup);
    assert.equal(assessTextLayer(dropped, { chars: soup.length, unmapped: 0, control: countControlChars(soup) }), 'garbage');
    assert.equal(assessTextLayer('', { chars: 120, unmapped: 0, control: 120 }), 'garbage', 'every character was a control character');
  });

  test('OCR junk of strokes and punctuation is garbage, long or short', () => {
    const rand = random(21);
    const strokes = [..."l1I|!;:,.'`~^i"];
    const junk = Array.from({ length: 120 }, () => Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(rand, strokes)).join('')).join(' ');
    assert.equal(assessTextLayer(junk), 'garbage');
    assert.equal(assessTextLayer("l1I|!; ,.,'"), 'garbage');
  });

  test('random consonant soup is garbage', () => {
    const rand = random(33);
    const consonants = [...'bcdfghjklmnpqrstvxz'];
    const soup = Array.from({ length: 90 }, () => Array.from({ length: 4 + Math.floor(rand() * 6) }, () => pick(rand, consonants)).join('')).join(' ');
    assert.equal(assessTextLayer(soup), 'garbage');
  });

  test('letters and digits scrambled into each other are garbage', () => {
    const rand = random(45);
    const chars = [...'aeolI1O0S5B8'];
    const scrambled = Array.from({ length: 80 }, () => Array.from({ length: 4 + Math.floor(rand() * 5) }, () => pick(rand, chars)).join('')).join(' ');
    assert.equal(assessTextLayer(scrambled), 'garbage');
  });

  test('one glyph repeated over the page is garbage', () => {
    assert.equal(assessTextLayer(Array.from({ length: 30 }, () => 'IIIIIIIIIIII').join(' ')), 'garbage');
  });
});

describe('sanitizeText', () => {
  test('removes C0 and C1 control characters and DEL, keeps tabs and line feeds, turns carriage returns into line feeds', () => {
    const dirty = 'Har\u0000bour\u0003 dues\u0007\tpaid\r\nin\rfull\u001b\u007f\u0085\u009f.\n';
    const clean = sanitizeText(dirty);
    assert.equal(clean, 'Harbour dues\tpaid\nin\nfull.\n');
    assert.equal(countControlChars(clean), 0);
    assert.equal(countControlChars(dirty), 7, 'NUL, ETX, BEL, ESC, DEL, NEL and APC; the CR is a line end');
    assert.equal(sanitizeText('Déjà vu — 東京 مرحبا'), 'Déjà vu — 東京 مرحبا', 'letters of any script stay');
  });
});

describe('applyTextLayerQuality and documentNeedsOcr', () => {
  const page = (number: number, text: string): ComposedPage => ({ number, width: 612, height: 792, text, geometry: null });
  const layoutOf = (number: number, stats: LayoutPage['textStats']): LayoutPage => ({ number, width: 612, height: 792, blocks: [], textStats: stats });

  test("marks each page by its own text and its layout page's counts, and returns the pages that need OCR", () => {
    const prose = OK_PAGES.english!;
    const pages = [page(1, prose), page(2, prose), page(3, '')];
    const needOcr = applyTextLayerQuality(pages, [
      layoutOf(1, { chars: prose.length, unmapped: 0, control: 0 }),
      layoutOf(2, { chars: prose.length, unmapped: prose.length, control: 0 }),
      layoutOf(3, { chars: 0, unmapped: 0, control: 0 }),
    ]);
    assert.deepEqual(
      pages.map((p) => p.textLayer),
      ['ok', 'garbage', 'none'],
    );
    assert.deepEqual([...needOcr], [2, 3]);
    assert.equal(documentNeedsOcr(pages, 4), false, 'one good page with passages: readable');
  });

  test('a document needs OCR when it has no passages or when no page is ok', () => {
    const pages = [page(1, ''), page(2, "l1I| ;: ,.|' `~ !!")];
    applyTextLayerQuality(pages, []);
    assert.deepEqual(
      pages.map((p) => p.textLayer),
      ['none', 'garbage'],
    );
    assert.equal(documentNeedsOcr(pages, 3), true);
    assert.equal(documentNeedsOcr([page(1, OK_PAGES.french!)], 0), true);
    assert.equal(documentNeedsOcr([page(1, OK_PAGES.french!)], 1), false);
  });
});

describe('a rotated landscape page through the real ingest', () => {
  let dir: string;
  let engine: Engine;
  const ROTATED = 'The tide table for the northern harbour lists every high water of the spring and autumn months in one long row.';

  before(async () => {
    dir = makeTempDir();
    engine = openTestEngine(path.join(dir, 'library'));
  });

  after(async () => {
    await engine?.close();
    removeDir(dir);
  });

  test('a landscape page set in portrait with /Rotate 90 keeps its text and is judged ok', async () => {
    const doc = createPdf({ title: 'Harbour Tables' });
    doc.addPage();
    doc.fontSize(12).text(new SentenceMaker(17, NARRATIVE_BANK).paragraph(120), 72, 72, { width: 468 });
    // A landscape table as scanners and printers emit it: a portrait page turned by /Rotate.
    doc.addPage({ size: [612, 792] });
    (doc.page as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.Rotate = 90;
    doc.fontSize(11);
    for (let row = 0; row < 12; row++)
      doc.text(
        `${ROTATED.split(' ')
          .slice(0, 6 + (row % 5))
          .join(' ')} ${row + 1}`,
        60,
        60 + row * 18,
        { lineBreak: false },
      );
    doc.text(ROTATED, 60, 300, { width: 480 });
    // And text itself turned 90°, as on a page whose content is drawn sideways.
    doc
      .save()
      .rotate(-90, { origin: [300, 700] })
      .text(ROTATED, 300, 700, { lineBreak: false })
      .restore();
    const file = await savePdf(doc, dir, 'rotated.pdf');
    const { documents } = await engine.invoke('library:ingest', { paths: [file] });
    const outcome = documents[0]!;
    assert.equal(outcome.status, 'ingested', JSON.stringify(outcome.error));
    const stored = engine.documents.page(outcome.id!, 2)!;
    assert.ok(stored.width > 0);
    assert.match(stored.text.replace(/\s+/g, ' '), /tide table for the northern harbour/);
    assert.equal(assessTextLayer(stored.text), 'ok');
    const layers = engine.db.prepare('SELECT text_layer FROM pages WHERE document_id = ? ORDER BY number').all(outcome.id!) as Array<{ text_layer: string }>;
    assert.deepEqual(
      layers.map((l) => l.text_layer),
      ['ok', 'ok'],
    );
    assert.equal(engine.documents.summary(outcome.id!)!.ocrPages, 0);
  });
});
