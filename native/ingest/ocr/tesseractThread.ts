/**
 * The thread tesseract.js runs recognition in (its `workerPath`): tesseract.js's own Node
 * worker script, started at lower priority like the PDF workers, so recognising a scan never
 * takes the cores from the thread that answers the app.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { lowerThreadPriority } from '../lowerThreadPriority.js';

lowerThreadPriority();
const require = createRequire(import.meta.url);
require(path.join(path.dirname(require.resolve('tesseract.js')), 'worker-script', 'node', 'index.js'));
