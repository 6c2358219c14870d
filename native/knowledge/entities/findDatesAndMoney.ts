/**
 * Calendar dates and sums of money, found by pattern and normalized so that
 * "September 23, 1998", "23rd day of September 1998" and "9/23/98" are one date
 * (key 1998-09-23) and "$10,000" and "USD 10,000.00" one sum (key "usd 10000").
 * Durations ("thirty days") are not dates: they are everywhere in a contract and name nothing.
 */

export interface MeasuredFinding {
  kind: 'date' | 'money';
  key: string;
  /** Surface form → occurrences, for the entity's name. */
  surfaces: Map<string, number>;
  /** Passage index → occurrences. */
  mentions: Map<number, number>;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)`;
const DAY = String.raw`\d{1,2}(?:st|nd|rd|th)?`;
const DATE = new RegExp(
  [
    String.raw`\b(${DAY})\s+(?:day\s+of\s+)?(${MONTH})\.?,?\s+(\d{4})\b`,
    String.raw`\b(${MONTH})\.?\s+(${DAY}),?\s+(\d{4})\b`,
    String.raw`\b(${MONTH})\.?,?\s+(\d{4})\b`,
    String.raw`\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b`,
    String.raw`\b(\d{4})-(\d{2})-(\d{2})\b`,
  ].join('|'),
  'g',
);
const AMOUNT = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const SCALE = String.raw`(?:\s?(?:million|billion|thousand)\b)?`;
const MONEY = new RegExp(
  [
    String.raw`((?:US|U\.S\.|C|A|CA|AU|NZ|HK)?\s?[$€£¥])\s?(${AMOUNT})(?!\d)(${SCALE})`,
    String.raw`\b(USD|EUR|GBP|CAD|AUD|JPY|CHF|CNY|RMB)\s?(${AMOUNT})(?!\d)(${SCALE})`,
    String.raw`\b(${AMOUNT})(${SCALE})\s?(U\.S\.\s+dollars|US\s+dollars|dollars|euros|pounds\s+sterling|pounds|USD|EUR|GBP)\b`,
  ].join('|'),
  'g',
);
const CURRENCY: Record<string, string> = {
  $: 'usd',
  '€': 'eur',
  '£': 'gbp',
  '¥': 'jpy',
  us$: 'usd',
  'u.s.$': 'usd',
  c$: 'cad',
  ca$: 'cad',
  a$: 'aud',
  au$: 'aud',
  nz$: 'nzd',
  hk$: 'hkd',
  usd: 'usd',
  eur: 'eur',
  gbp: 'gbp',
  cad: 'cad',
  aud: 'aud',
  jpy: 'jpy',
  chf: 'chf',
  cny: 'cny',
  rmb: 'cny',
  dollars: 'usd',
  'us dollars': 'usd',
  'u.s. dollars': 'usd',
  euros: 'eur',
  pounds: 'gbp',
  'pounds sterling': 'gbp',
};
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9 };
/** A ledger or price list can hold thousands: keep the most mentioned of each kind. */
const MAX_PER_KIND = 200;

/** Dates and sums in the passages, one finding per normalized value. */
export function findDatesAndMoney(passages: ReadonlyArray<{ text: string }>): MeasuredFinding[] {
  const found = new Map<string, MeasuredFinding>();
  const add = (kind: 'date' | 'money', key: string, surface: string, passage: number) => {
    const id = `${kind}:${key}`;
    let f = found.get(id);
    if (!f) found.set(id, (f = { kind, key, surfaces: new Map(), mentions: new Map() }));
    const s = surface.replace(/\s+/g, ' ');
    f.surfaces.set(s, (f.surfaces.get(s) ?? 0) + 1);
    f.mentions.set(passage, (f.mentions.get(passage) ?? 0) + 1);
  };
  passages.forEach(({ text }, passage) => {
    if (/\d/.test(text)) {
      for (const m of text.matchAll(DATE)) {
        const key = dateKey(m);
        if (key) add('date', key, m[0], passage);
      }
    }
    if (/[$€£¥]|USD|EUR|GBP|CAD|AUD|JPY|CHF|CNY|RMB|dollars|euros|pounds/.test(text)) {
      for (const m of text.matchAll(MONEY)) {
        const key = moneyKey(m);
        if (key) add('money', key, m[0].trim(), passage);
      }
    }
  });
  const byCount = [...found.values()].sort((a, b) => total(b) - total(a));
  return [...byCount.filter((f) => f.kind === 'date').slice(0, MAX_PER_KIND), ...byCount.filter((f) => f.kind === 'money').slice(0, MAX_PER_KIND)];
}

function total(f: MeasuredFinding): number {
  let n = 0;
  for (const c of f.mentions.values()) n += c;
  return n;
}

function dateKey(m: RegExpMatchArray): string | null {
  let year: number;
  let month: number;
  let day: number | null;
  if (m[1] !== undefined) [day, month, year] = [parseInt(m[1]), monthNumber(m[2]!), Number(m[3])];
  else if (m[4] !== undefined) [month, day, year] = [monthNumber(m[4]), parseInt(m[5]!), Number(m[6])];
  else if (m[7] !== undefined) [month, day, year] = [monthNumber(m[7]), null, Number(m[8])];
  else if (m[9] !== undefined) {
    // Contracts here are mostly American: month first, unless that cannot be.
    let [a, b] = [Number(m[9]), Number(m[10])];
    if (a > 12 && b <= 12) [a, b] = [b, a];
    year = Number(m[11]);
    if (m[11]!.length === 2) year += year < 50 ? 2000 : 1900;
    [month, day] = [a, b];
  } else [year, month, day] = [Number(m[12]), Number(m[13]), Number(m[14])];
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || (day !== null && (day < 1 || day > 31))) return null;
  const mm = String(month).padStart(2, '0');
  return day === null ? `${year}-${mm}` : `${year}-${mm}-${String(day).padStart(2, '0')}`;
}

function monthNumber(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

function moneyKey(m: RegExpMatchArray): string | null {
  let currency: string | undefined;
  let amount: string;
  let scale: string;
  if (m[2] !== undefined) [currency, amount, scale] = [CURRENCY[m[1]!.replace(/\s/g, '').toLowerCase()], m[2], m[3] ?? ''];
  else if (m[5] !== undefined) [currency, amount, scale] = [CURRENCY[m[4]!.toLowerCase()], m[5], m[6] ?? ''];
  else [currency, amount, scale] = [CURRENCY[m[9]!.replace(/\s+/g, ' ').toLowerCase()], m[7]!, m[8] ?? ''];
  if (!currency) return null;
  const value = Number(amount.replace(/,/g, '')) * (SCALES[scale.trim().toLowerCase()] ?? 1);
  if (!Number.isFinite(value) || value <= 0) return null;
  return `${currency} ${Number.isInteger(value) ? value : value.toFixed(2)}`;
}
