import type { Locator } from 'playwright-core';

/** The field's value once it equals `expected`, or whatever it holds after 10 s (the app's CSP rules out waitForFunction). */
export async function valueOnceSettled(field: Locator, expected: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  let value = await field.inputValue();
  while (value !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await field.inputValue();
  }
  return value;
}
