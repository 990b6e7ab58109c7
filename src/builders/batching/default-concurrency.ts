/** Chunks run at once by a batch builder, unless concurrency(n) says otherwise. */
export const DEFAULT_CONCURRENCY = 4;
