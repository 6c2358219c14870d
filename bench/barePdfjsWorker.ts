/** Worker for bench:ingest's ceiling measurement: bare getTextContent on files it is handed, one at a time. */
import { parentPort } from 'node:worker_threads';
import { bareTextContent } from './bareTextContent.js';

parentPort!.on('message', async (file: string) => parentPort!.postMessage(await bareTextContent(file)));
