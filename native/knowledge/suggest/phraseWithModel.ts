import type { ChatBackend } from '../../llm/ChatBackend.js';
import { LlmRuntime } from '../../llm/LlmRuntime.js';
import { KEEP_READING_STATE_TOKENS, LocalBackend } from '../../llm/LocalBackend.js';
import { keyWords } from '../entities/entityKey.js';

/** One question for the model to rephrase, with what it is about. */
export interface PhrasingItem {
  question: string;
  /** The subject's name; a rephrasing must still name it. */
  subject: string;
}

export interface PhrasingOptions {
  /** The document's title (null: the library). */
  title: string | null;
  signal?: AbortSignal;
  /** Gives up (templates are used) after this long, waiting for the model included. */
  budgetMs: number;
}

/** See LocalBackend: phrasing never overwrites a document's reading state. */
export { KEEP_READING_STATE_TOKENS };

const SYSTEM =
  'You rewrite suggested questions for a person reading their documents. Keep each question short, natural and specific, about the same subject, and end it with a question mark. Return JSON.';

/**
 * The loaded chat model rephrases template questions under a JSON-schema grammar, one
 * output per input in order. Returns null (use the templates) when no model is loaded,
 * when the model is busy with other work (suggestions never wait behind an answer), when
 * the budget runs out or the signal aborts, when the model's one sequence holds a document's
 * reading state (see ChatBackend.holdsReadingState), or when the output cannot be parsed; an item
 * whose rephrasing does not read as a question about the same subject is null too.
 */
export async function phraseWithModel(model: ChatBackend | LlmRuntime, items: readonly PhrasingItem[], options: PhrasingOptions): Promise<Array<string | null> | null> {
  const backend = model instanceof LlmRuntime ? new LocalBackend(model, null) : model;
  if (!backend.model || items.length === 0 || backend.pending > 0 || options.signal?.aborted) return null;
  // A timer of our own rather than AbortSignal.timeout: that one does not keep the process
  // alive, and generation runs on native threads that do not either.
  const budget = new AbortController();
  const timer = setTimeout(() => budget.abort(), options.budgetMs);
  const signal = options.signal ? AbortSignal.any([options.signal, budget.signal]) : budget.signal;
  let text: string | null;
  try {
    const work = backend.exclusive(async () => {
      if (signal.aborted || !backend.model || backend.holdsReadingState()) return null;
      const grammar = phrasingGrammar(items);
      const where = options.title ? `the document "${options.title.slice(0, 120)}"` : 'their library';
      const user = `Rewrite these ${items.length} questions about ${where}, in the same order:\n${items.map((it, i) => `${i + 1}. ${it.question}`).join('\n')}`;
      const maxTokens = items.reduce((n, it) => n + 2 * FREE_CHARS + it.subject.length + 8, 16);
      const result = await backend.complete({ system: SYSTEM, user, grammar, maxTokens, signal });
      return result.stopReason === 'abort' ? null : result.text;
    });
    const aborted = new Promise<null>((resolve) => {
      if (signal.aborted) resolve(null);
      signal.addEventListener('abort', () => resolve(null), { once: true });
    });
    // On abort the queued work still runs later, but finds the signal aborted and returns at once.
    text = await Promise.race([work.catch(() => null), aborted]);
  } finally {
    clearTimeout(timer);
  }
  if (text === null) return null;
  let questions: unknown;
  try {
    questions = (JSON.parse(text) as { questions?: unknown }).questions;
  } catch {
    return null;
  }
  if (!Array.isArray(questions) || questions.length !== items.length) return null;
  return items.map((item, i) => (readsAsQuestionAbout(questions[i], item.subject) ? (questions[i] as string).trim().replace(/\s+/g, ' ') : null));
}

/** Characters a rephrasing may put before and after its subject. */
const FREE_CHARS = 50;

/**
 * JSON `{"questions":["…", …]}` with exactly one question per item, each of which names its
 * subject verbatim and ends with its only question mark: the grammar, not a check after the
 * fact, keeps the model from dropping the subject or running on. The free text around the
 * subject cannot hold quotes, backslashes, brackets or control characters, so the JSON always parses.
 */
export function phrasingGrammar(items: readonly PhrasingItem[]): string {
  // The subject stands as its own word(s): a space before it unless it opens the question, and
  // after it a space or punctuation unless the question ends there.
  const rules = items.map((it, i) => String.raw`q${i} ::= "\"" ([A-Z] free " ")? ${gbnfLiteral(JSON.stringify(it.subject).slice(1, -1))} ([ ,.;:’'] free)? "?\""`);
  const list = items.map((_, i) => `q${i}`).join(' "," ');
  return [String.raw`root ::= "{\"questions\":[" ${list} "]}"`, String.raw`free ::= [^"\\?{}<>\[\]\x00-\x1F]{0,${FREE_CHARS}}`, ...rules].join('\n');
}

/** A GBNF string literal for text (itself already escaped for JSON). */
function gbnfLiteral(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A usable rephrasing: one sentence-sized question that still names the subject (by its key words). */
export function readsAsQuestionAbout(text: unknown, subject: string): boolean {
  if (typeof text !== 'string') return false;
  const t = text.trim();
  if (t.length < 10 || t.length > 160 || !t.endsWith('?') || /[\n\r{}[\]<>]/.test(t)) return false;
  const words = new Set(keyWords(t));
  const wanted = keyWords(subject);
  return wanted.length === 0 || wanted.filter((w) => words.has(w)).length >= Math.ceil(wanted.length / 2);
}
