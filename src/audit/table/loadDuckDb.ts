import { ComplianceError } from '../../errors.js';

/** The optional package that reads Parquet and runs SQL (an optionalDependency: never loaded unless asked for). */
export const DUCKDB_PACKAGE = '@duckdb/node-api';

export type DuckDbModule = typeof import('@duckdb/node-api');

let loaded: Promise<DuckDbModule> | undefined;

/**
 * `@duckdb/node-api`, imported on first use (Parquet and SQL input only; its native binary is large and
 * optional). When it is not installed — `npm install --omit=optional`, a platform without a prebuilt
 * binary — the audit stops with an error naming the package and how to add it, never a stack.
 */
export function loadDuckDb(importModule?: () => Promise<unknown>): Promise<DuckDbModule> {
  // An importer given (a test) is used as it is; the package's own import is made once.
  if (importModule) return imported(importModule);
  loaded ??= imported(() => import(DUCKDB_PACKAGE)).catch((e: unknown) => {
    loaded = undefined; // a later call may find it installed
    throw e;
  });
  return loaded;
}

function imported(importModule: () => Promise<unknown>): Promise<DuckDbModule> {
  return importModule().then(
    (m) => m as DuckDbModule,
    (e: unknown) => {
      throw new ComplianceError(
        'missing_dependency',
        `Parquet and SQL input, and the Parquet report, need the optional package ${DUCKDB_PACKAGE}, which could not be loaded (${reason(e)}). Install it beside cobranza-compliance: npm install ${DUCKDB_PACKAGE}`,
      );
    },
  );
}

function reason(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' ? 'not installed' : e.message.split('\n')[0]!;
  }
  return String(e);
}
