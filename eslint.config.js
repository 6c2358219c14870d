// ESLint (flat config): typescript-eslint's recommended rules, Prettier's formatting left to
// Prettier, and the layer rules of docs/architecture.md as import boundaries.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import prettier from 'eslint-config-prettier';

/** The folders (and wiring files) of native/, from the bottom up; see docs/architecture.md. */
const wiring = ['./native/engine.ts', './native/LibrarySlot.ts', './native/commands'];
const entry = ['./native/server', './native/cli'];
const domains = ['./native/ingest', './native/knowledge', './native/llm', './native/qa', './native/search', './native/eval'];
const hosts = ['./electron', './renderer'];

/** What a layer must not import. Anything not listed below a layer is allowed. */
const zones = [
  // The contract: imported by engine and renderer alike, imports nothing of theirs.
  { target: './native/api', from: ['./native', ...hosts], except: ['./api'], message: 'native/api is the contract: it imports nothing from the engine or the hosts.' },
  // Shapes and pure text helpers: the bottom of the engine.
  {
    target: ['./native/model', './native/text'],
    from: [...domains, './native/store', ...wiring, ...entry, ...hosts],
    message: 'native/model and native/text sit below everything in native/: only native/api and each other.',
  },
  // Storage: knows tables and shapes, not the domains that fill them.
  { target: './native/store', from: [...domains, ...wiring, ...entry, ...hosts], message: 'native/store sits below the domains: move the shape to native/model instead.' },
  // Domains: never the wiring, the entry points or the hosts.
  { target: domains, from: [...wiring, ...entry, ...hosts], message: 'Domains are wired by native/engine.ts; they never import it, the server, the CLI or a host.' },
  // Which domain may use which (the rest of the domain graph is closed).
  {
    target: './native/search',
    from: ['./native/ingest', './native/knowledge', './native/llm', './native/qa', './native/eval'],
    message: 'search depends on store, model and text only.',
  },
  {
    target: './native/llm',
    from: ['./native/ingest', './native/knowledge', './native/qa', './native/search', './native/eval'],
    message: 'llm depends on store, model and text only.',
  },
  { target: './native/qa', from: ['./native/ingest', './native/knowledge', './native/eval'], message: 'qa may use llm and search, not ingest, knowledge or eval.' },
  { target: './native/knowledge', from: ['./native/ingest', './native/qa', './native/search', './native/eval'], message: 'knowledge may use llm, not ingest, qa, search or eval.' },
  // Evaluations run the model, questions and search over what the store holds; nothing imports them but the wiring and the CLI.
  { target: './native/eval', from: ['./native/ingest', './native/knowledge'], message: 'eval may use llm, qa, search and store, not ingest or knowledge.' },
  // Ingest runs the entity extractors (pure) while it reads a document, nothing else of knowledge.
  {
    target: './native/ingest',
    from: ['./native/knowledge', './native/llm', './native/qa', './native/search', './native/eval'],
    except: ['./entities'],
    message: 'ingest may use knowledge/entities (the extractors) only.',
  },
  // The wiring never reaches up into its callers.
  { target: wiring, from: [...entry, ...hosts], message: 'The engine is wired below its entry points: the server and the CLI import it, never the reverse.' },
  // The engine never imports a host; the renderer only reaches native/api (the compiler checks this too).
  { target: './native', from: hosts, message: 'native/ never imports electron/ or renderer/.' },
  { target: './renderer', from: ['./native', './electron'], except: ['./api'], message: 'The renderer reaches the engine through native/api and a Transport only.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'resources/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.cts'],
    plugins: { 'import-x': importX },
    settings: {
      // Sources import './x.js' for './x.ts' (NodeNext): resolve those to the TypeScript file.
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.cts', '.js'], extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      // A path the resolver cannot follow would slip past the layer rules: make it an error.
      'import-x/no-unresolved': 'error',
      // Text cleaning matches control characters on purpose (NUL, C0 controls) in several regexes.
      'no-control-regex': 'off',
      // Unused names are errors, but `_name` marks one kept on purpose (a required parameter).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // SQL lives in repositories (docs/architecture.md): a domain that held the Database could
    // run any statement and take part in any transaction, so none may import better-sqlite3,
    // not even its types. Domains get repositories and the store's transaction helper instead.
    files: ['native/**/*.ts'],
    ignores: [
      'native/store/**',
      // The wiring opens the database and builds the repositories on it.
      'native/engine.ts',
      'native/LibrarySlot.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'better-sqlite3', message: 'SQL belongs in a repository under native/store/: take that repository (and transactionOn) instead of a Database.' }] },
      ],
    },
  },
  prettier,
);
