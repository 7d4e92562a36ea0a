export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `done` until it holds or `timeoutMs` has passed; true when it held. Checked once more at
 * the deadline, so a condition that comes true during the last sleep is not reported as a timeout.
 */
export async function waitUntil(done: () => Promise<boolean> | boolean, timeoutMs: number, pollMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(pollMs, Math.max(1, deadline - Date.now())));
  }
}
