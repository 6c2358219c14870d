import { downloadText } from './downloadText.js';

/** Saves a value as a JSON file through the browser's download, in web mode and the desktop app alike. */
export function downloadJson(value: unknown, fileName: string): void {
  downloadText(`${JSON.stringify(value, null, 2)}\n`, fileName, 'application/json');
}
