/** A worker thread lowers its own priority, not its process's: the serving thread keeps its share of the CPU. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';

/** Field 19 of /proc/<pid>/task/<tid>/stat: a thread's nice value. */
function niceOf(statPath: string): number {
  const stat = fs.readFileSync(statPath, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

test(
  'lowerThreadPriority in a worker nices that thread to 10 and leaves the main thread as it was',
  { skip: process.platform !== 'linux' && 'thread priorities are per thread on Linux only' },
  async () => {
    const mainBefore = niceOf(`/proc/${process.pid}/stat`);
    const module = new URL('../native/ingest/lowerThreadPriority.js', import.meta.url).href;
    const worker = new Worker(
      `import(${JSON.stringify(module)}).then(({ lowerThreadPriority }) => {
       const lowered = lowerThreadPriority();
       const stat = require('node:fs').readFileSync('/proc/thread-self/stat', 'utf8');
       require('node:worker_threads').parentPort.postMessage({ lowered, nice: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) });
     });`,
      { eval: true },
    );
    const reply = await new Promise<{ lowered: boolean; nice: number }>((resolve, reject) => worker.once('message', resolve).once('error', reject));
    await worker.terminate();
    assert.equal(reply.lowered, true);
    assert.equal(reply.nice, 10);
    assert.equal(niceOf(`/proc/${process.pid}/stat`), mainBefore, 'the main thread kept its priority');
  },
);
