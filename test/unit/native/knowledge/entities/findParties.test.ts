import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findDefinedTerms } from '../../../../../native/knowledge/entities/findDefinedTerms.js';
import { findParties } from '../../../../../native/knowledge/entities/findParties.js';

const parties = (...texts: string[]) => {
  const passages = texts.map((text) => ({ text }));
  return findParties(passages, findDefinedTerms(passages)).map((p) => [p.name, p.aliases, p.passage]);
};

test('the parties of a preamble, each with the short name its parenthesis gives', () => {
  assert.deepEqual(parties('This Agreement is entered into by and between Excite, Inc., a Delaware corporation ("Excite"), and Vitamin Shoppe Industries Inc. ("Client").'), [
    ['Excite, Inc.', ['Excite'], 0],
    ['Vitamin Shoppe Industries Inc.', ['Client'], 0],
  ]);
});

test('a role after a comma ("the Supplier") becomes an alias', () => {
  assert.deepEqual(parties('This contract is made between Northwind Logistics Ltd, the Supplier, and Harbor Analytics Inc., the Customer.'), [
    ['Northwind Logistics Ltd', ['Supplier'], 0],
    ['Harbor Analytics Inc.', ['Customer'], 0],
  ]);
});

test('a collective parenthesis names no single party', () => {
  const found = parties('Agreement between Acme Corp. ("Acme") and Beta LLC (each a "Party" and together the "Parties").');
  assert.deepEqual(
    found.map(([name, aliases]) => [name, aliases]),
    [
      ['Acme Corp.', ['Acme']],
      ['Beta LLC', []],
    ],
  );
});

test('"between the parties hereto" is not a list of parties', () => {
  assert.deepEqual(parties('Disputes between the parties hereto shall be settled by arbitration.'), []);
});

test('the preamble may be in a later passage, but only near the top of the document', () => {
  assert.deepEqual(
    parties('LICENSE AGREEMENT', 'Made between Alpha Inc. ("Alpha") and Omega Ltd ("Omega").').map(([name, , passage]) => [name, passage]),
    [
      ['Alpha Inc.', 1],
      ['Omega Ltd', 1],
    ],
  );
  const filler = Array.from({ length: 8 }, (_, i) => `Filler passage ${i}.`);
  assert.deepEqual(parties(...filler, 'Made between Alpha Inc. and Omega Ltd.'), []);
});

test('numbered parties "(1)" and "(2)" are read without their numbers', () => {
  assert.deepEqual(
    parties('This deed is made between (1) Alpha Holdings Limited; and (2) Omega Partners LLP ("Omega").').map(([name]) => name),
    ['Alpha Holdings Limited', 'Omega Partners LLP'],
  );
});
