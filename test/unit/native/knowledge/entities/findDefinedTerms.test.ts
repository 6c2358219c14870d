import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanTermName, findDefinedTerms } from '../../../../../native/knowledge/entities/findDefinedTerms.js';

const one = (text: string) => findDefinedTerms([{ text }]);

test('"X" means … defines X, and the definition is its sentence', () => {
  const [f, ...rest] = one('This agreement is made today. "Licensed Software" means the programs listed in the first schedule. Payment is due on signing.');
  assert.equal(rest.length, 0);
  assert.deepEqual(f!.names, ['Licensed Software']);
  assert.equal(f!.form, 'means');
  assert.equal(f!.definition, '"Licensed Software" means the programs listed in the first schedule.');
});

test('curly quotes, "shall mean", "has the meaning" and aliases joined by "or" are all recognised', () => {
  const found = one('“Affiliate” shall mean any entity under common control. “Territory” or “Region” has the meaning given in Schedule 2.');
  assert.deepEqual(
    found.map((f) => f.names),
    [['Affiliate'], ['Territory', 'Region']],
  );
});

test('two definitions in one sentence each get only their own part', () => {
  const found = one('"Fee" means the sum in Schedule 1, "Term" means one year.');
  assert.deepEqual(
    found.map((f) => f.definition),
    ['"Fee" means the sum in Schedule 1,', '"Term" means one year.'],
  );
});

test('a list label before a definition is not part of it', () => {
  assert.equal(one('1.2 "Notice" means a written letter.')[0]!.definition, '"Notice" means a written letter.');
});

test('a parenthesis of quoted names names the phrase before it, back to "between"', () => {
  const found = one('This Agreement is made between Acme Corp., a Delaware corporation (the "Company" or "ACME"), and Jane Doe ("Consultant").');
  assert.deepEqual(
    found.map((f) => [f.names, f.form, f.definition]),
    [
      [['Company', 'ACME'], 'parenthesis', 'Acme Corp., a Delaware corporation'],
      [['Consultant'], 'parenthesis', 'Jane Doe'],
    ],
  );
});

test('a collective parenthesis is marked collective', () => {
  const [f] = one('Acme and Beta (each, a "Party" and together, the "Parties") agree as follows.');
  assert.deepEqual(f!.names, ['Party', 'Parties']);
  assert.equal(f!.collective, true);
});

test('a parenthesis with other words, or naming a cross-referenced heading, defines nothing', () => {
  assert.deepEqual(one('The fees (see "Payment Terms" below) are due. As set out in Section 5 ("Definitions") above.'), []);
});

test('"hereinafter referred to as" defines a name for the phrase before it', () => {
  const [f] = one('Beta Ltd, a company registered in England, hereinafter referred to as the "Supplier", agrees.');
  assert.deepEqual([f!.names, f!.form, f!.definition], [['Supplier'], 'hereinafter', 'Beta Ltd, a company registered in England']);
});

test('a passage without a quote character is skipped, and offsets point at the defining quote', () => {
  assert.deepEqual(findDefinedTerms([{ text: 'Plain text without quotes means nothing here.' }]), []);
  const text = 'Intro. "Term" means one year.';
  const [f] = findDefinedTerms([{ text: 'no quotes' }, { text }]);
  assert.equal(f!.passage, 1);
  assert.equal(text.slice(f!.start, f!.end), '"Term" means');
});

test('a heading end inside the passage ends the sentence before a definition', () => {
  const text = 'DEFINITIONS "Term" means one year.';
  const [f] = findDefinedTerms([{ text, headingEnds: [12] }]);
  assert.equal(f!.definition, '"Term" means one year.');
});

test('cleanTermName trims articles, punctuation and plural markers, and refuses phrases', () => {
  assert.equal(cleanTermName('the Effective Date'), 'Effective Date');
  assert.equal(cleanTermName('Company,'), 'Company');
  assert.equal(cleanTermName('Affiliate(s)'), 'Affiliate');
  assert.equal(cleanTermName('  Intellectual   Property  '), 'Intellectual Property');
  assert.equal(cleanTermName('as is'), null, 'starts lower case');
  assert.equal(cleanTermName('X'), null, 'too short');
  assert.equal(cleanTermName('Notice shall be given in writing'), null, 'a phrase, not a name');
  assert.equal(cleanTermName('Done. Then more'), null, 'holds a sentence');
  assert.equal(cleanTermName('Bank of the West'), 'Bank of the West');
});
