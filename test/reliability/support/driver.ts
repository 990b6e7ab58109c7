import { setTimeout as sleep } from 'node:timers/promises';
import type { TenantWorker } from './workload.js';

/**
 * Runs workers concurrently (each one operation at a time) until `stop()`.
 * A step that ended in errors is followed by a short pause, so an outage
 * does not turn into a busy loop. A step that throws (an error that is not
 * one of the library's named errors, or a broken check) is recorded, never
 * lost.
 */
export class Driver {
  readonly problems: string[] = [];
  #running = true;
  readonly #loops: Promise<void>[];

  constructor(
    readonly workers: readonly TenantWorker[],
    pauseAfterErrorMs = 25,
  ) {
    this.#loops = workers.map(async (worker) => {
      while (this.#running) {
        const errorsBefore = worker.errors.total();
        try {
          await worker.step();
        } catch (error) {
          this.problems.push(
            `${worker.tenantId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          );
          await sleep(pauseAfterErrorMs);
        }
        if (worker.errors.total() > errorsBefore) await sleep(pauseAfterErrorMs);
      }
    });
  }

  /** Operations so far, over all workers. */
  operations(): number {
    return this.workers.reduce((n, w) => n + w.totals.operations, 0);
  }

  acknowledged(): number {
    return this.workers.reduce((n, w) => n + w.totals.acknowledged, 0);
  }

  errors(): number {
    return this.workers.reduce((n, w) => n + w.errors.total(), 0);
  }

  /** Waits until `condition()` holds (checked every 20 ms) or `timeoutMs` passed; resolves to whether it held. */
  async until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() >= deadline) return false;
      await sleep(20);
    }
    return true;
  }

  async stop(): Promise<void> {
    this.#running = false;
    await Promise.all(this.#loops);
  }
}
