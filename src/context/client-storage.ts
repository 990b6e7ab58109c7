/**
 * The AsyncLocalStorage of the ambient context, under the name the
 * benchmarks use (they disable it between turns).
 *
 * @internal
 */
export { contextStorage as clientStorage } from './context-storage.js';
