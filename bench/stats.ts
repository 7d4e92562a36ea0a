export interface Samples {
  /** Milliseconds, one per measured call. */
  ms: number[];
  median: number;
  p95: number;
}

export function summarize(ms: number[]): Samples {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { ms, median: quantileMedian(sorted), p95: at(0.95) };
}

function quantileMedian(sorted: number[]): number {
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface MeasureOptions {
  /** Unmeasured calls first (JIT, module loading, first-read caches). */
  warmup: number;
  minIterations: number;
  maxIterations: number;
  /** Stop adding iterations (beyond the minimum) once this much time went by. */
  budgetMs: number;
  /** Pause between calls (systeminformation returns cached processes() within 500 ms). */
  gapMs?: number;
  onProgress?: (done: number) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Synchronous scans wrapped in promises never leave the microtask queue: yield between calls
// (outside the timed part) so Ctrl-C and progress output get their turn.
const yieldToEventLoop = () => new Promise((r) => setImmediate(r));

export async function measure(fn: () => unknown, o: MeasureOptions): Promise<Samples> {
  for (let i = 0; i < o.warmup; i++) {
    await fn();
    await (o.gapMs ? sleep(o.gapMs) : yieldToEventLoop());
  }
  const ms: number[] = [];
  const start = performance.now();
  while (ms.length < o.maxIterations && (ms.length < o.minIterations || performance.now() - start < o.budgetMs)) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
    o.onProgress?.(ms.length);
    await (o.gapMs ? sleep(o.gapMs) : yieldToEventLoop());
  }
  return summarize(ms);
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 100) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(0)} ms`;
}
