import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A dependency loaded on first use, synchronously (its CommonJS build): what a command does not need
 * is never loaded, and a process starts faster. For dependencies called from synchronous code (a
 * check is synchronous); asynchronous code uses `import()`.
 */
export function lazyRequire<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}
