import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { AskResult } from '../../../../native/api/types.js';
import { useAskStore } from '../../../../renderer/stores/askStore.js';
import { setTransport } from '../../../../renderer/transport/appTransport.js';
import { memoryTransport, untilAborted, type MemoryTransport } from '../transport/memoryTransport.js';

const partialAnswer: AskResult = {
  answer: 'The lease runs for',
  mode: 'full-context',
  citations: [],
  context: null,
  timings: { promptTokens: 10, reusedTokens: 0, evaluatedTokens: 10, firstTokenMs: 5, totalMs: 20 },
  conversationId: 'conv-7',
  messageId: 3,
};

let engine: MemoryTransport;

beforeEach(() => {
  engine = memoryTransport({
    // Streams what it has written, then waits to be stopped: the engine's cancelled answer carries that text.
    'qa:ask': ({ requestId }, { signal }) => {
      queueMicrotask(() => engine.emit('qa:answerDelta', { requestId, delta: partialAnswer.answer }));
      return untilAborted(signal, partialAnswer);
    },
    'qa:conversations': () => ({ conversations: [] }),
    'events:record': () => ({ recorded: true, entities: 0 }),
  });
  setTransport(engine);
  useAskStore.setState({ turns: [], activeRequestId: null, conversationId: null, question: '', selection: null, scope: 'document', historyFor: 'doc-1' }); // the reader shows doc-1's conversations
});

/** Resolves once the store's state passes `check`. */
function until(check: (s: ReturnType<typeof useAskStore.getState>) => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check(useAskStore.getState())) return resolve();
    const off = useAskStore.subscribe((s) => {
      if (check(s)) {
        off();
        resolve();
      }
    });
  });
}

test('Stop aborts the running ask through the transport, and the stopped answer stays shown with its text and the stopped mark', async () => {
  useAskStore.getState().setQuestion('How long does the lease run?');
  const asking = useAskStore.getState().ask('doc-1');
  await until((s) => s.turns.at(-1)?.answer === partialAnswer.answer);
  const call = engine.calls.find((c) => c.name === 'qa:ask')!;
  assert.equal(call.signal?.aborted, false, 'the ask is sent with a signal that Stop will abort');

  await useAskStore.getState().stop();
  await asking;

  assert.equal(call.signal?.aborted, true);
  const turn = useAskStore.getState().turns.at(-1)!;
  assert.deepEqual(
    { answer: turn.answer, streaming: turn.streaming, cancelled: turn.cancelled, error: turn.error, mode: turn.mode },
    { answer: partialAnswer.answer, streaming: false, cancelled: true, error: null, mode: 'full-context' },
  );
  assert.equal(useAskStore.getState().conversationId, 'conv-7', 'the next question goes on in the conversation that kept the stopped answer');
  assert.equal(useAskStore.getState().activeRequestId, null);
});

test('Stop with no answer running sends nothing', async () => {
  await useAskStore.getState().stop();
  assert.deepEqual(engine.calls, []);
});

test('opening another document (a citation followed there) keeps the conversation and its answers; only the list changes', async () => {
  const turn = { key: 't1', question: 'Which law governs?', answer: 'Delaware [P1]', mode: 'extractive' as const, citations: [], streaming: false, cancelled: false, error: null };
  useAskStore.setState({ turns: [turn], conversationId: 'conv-7', historyFor: 'doc-1' });
  const listed = [{ id: 'conv-9', title: 'Rent?', documentIds: ['doc-2'], createdAt: '2026-01-01', updatedAt: '2026-01-01' }];
  engine = memoryTransport({ 'qa:conversations': ({ documentId }) => ({ conversations: documentId === 'doc-2' ? listed : [] }) });
  setTransport(engine);

  await useAskStore.getState().loadHistory('doc-2');

  const s = useAskStore.getState();
  assert.deepEqual([s.conversationId, s.turns, s.historyFor, s.conversations], ['conv-7', [turn], 'doc-2', listed]);
});

test('New conversation still clears the answers shown', () => {
  useAskStore.setState({
    turns: [{ key: 't1', question: 'q', answer: 'a', mode: null, citations: [], streaming: false, cancelled: false, error: null }],
    conversationId: 'conv-7',
  });
  useAskStore.getState().newConversation();
  assert.deepEqual([useAskStore.getState().conversationId, useAskStore.getState().turns], [null, []]);
});

test('"My highlights" asks over the whole library, limited to the user’s highlighted passages; every question names the user', async () => {
  const asked: unknown[] = [];
  setTransport(
    memoryTransport({
      'qa:ask': (args) => {
        asked.push(args);
        return { ...partialAnswer, answer: 'Done.' };
      },
      'qa:conversations': () => ({ conversations: [] }),
      'events:record': () => ({ recorded: true, entities: 0 }),
    }),
  );
  const store = useAskStore.getState();
  store.setScope('highlights');
  store.setQuestion('What did I mark about rent?');
  await store.ask('doc-1');
  store.setScope('document');
  store.setQuestion('And here?');
  await store.ask('doc-1');
  const [highlights, document] = asked as Array<{ documentIds?: string[]; scope?: string; user?: string }>;
  assert.deepEqual([highlights?.documentIds, highlights?.scope, highlights?.user], [undefined, 'highlights', 'default']);
  assert.deepEqual([document?.documentIds, document?.scope, document?.user], [['doc-1'], undefined, 'default']);
});
