import type { Machine } from './machine';

/** What every benchmark section gets: one way to report progress and results. */
export interface BenchContext {
  quick: boolean;
  machine: Machine;
  /** One line of progress on stderr (overwritten on a terminal). */
  progress(message: string): void;
  /** Fine-grained progress (a run count): shown on a terminal only, never logged line by line. */
  tick(message: string): void;
  /** Results on stdout: a section title and its lines. */
  report(title: string, lines: string[]): void;
}
