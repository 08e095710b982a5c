import { readFileSync } from 'node:fs';
import type { Checker } from '../check/createChecker.js';
import type { DecisionLog } from '../decisionLog/decisionLog.js';
import { ComplianceError } from '../errors.js';
import { createService } from './createService.js';
import { onStopSignal } from './exitCleanup.js';
import { FileError } from './fileError.js';

export interface ServeOptions {
  readonly host?: string;
  readonly port?: string;
  readonly tokenFile?: string;
  readonly bodyLimit?: string;
  readonly language: 'es' | 'en';
  readonly decisionLog?: DecisionLog;
  readonly err: (s: string) => void;
}

/** The default largest body: an attempt with a full history (10,000 contacts) is under 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * `serve [--host 127.0.0.1] [--port 8080] [--token-file FILE] [--body-limit BYTES] [rule options]`:
 * the checker as an HTTP service (docs/service.md). Writes "listening on http://HOST:PORT" on standard
 * error once it takes requests. SIGTERM (or SIGINT, SIGHUP) stops taking requests, finishes those in
 * flight, then the command exits 0: unlike `check`, the service claims no verdict by its exit status.
 */
export async function serveCommand(checker: Checker, options: ServeOptions): Promise<number> {
  const host = options.host ?? '127.0.0.1';
  const port = portOf(options.port);
  const bodyLimit = bodyLimitOf(options.bodyLimit);
  const token = options.tokenFile === undefined ? undefined : tokenOf(options.tokenFile);
  const service = createService(checker, {
    bodyLimit,
    language: options.language,
    ...(token !== undefined ? { token } : {}),
    ...(options.decisionLog ? { decisionLog: options.decisionLog } : {}),
  });
  const stopped = new Promise<void>((resolve, reject) => {
    onStopSignal(() => {
      service.drain().then(resolve, reject);
    });
  });
  try {
    await service.app.listen({ host, port });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ComplianceError('usage', `cannot listen on ${host}:${port}: ${code ?? (e as Error).message}`);
  }
  const address = service.app.server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  options.err(`listening on http://${host.includes(':') ? `[${host}]` : host}:${bound}\n`);
  await stopped;
  return 0;
}

function portOf(text: string | undefined): number {
  if (text === undefined) return 8080;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65_535)
    throw new ComplianceError('usage', `--port is a number from 0 (any free port) to 65535, not ${text}`);
  return n;
}

function bodyLimitOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_BODY_LIMIT;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1024 || n > 1024 ** 3)
    throw new ComplianceError('usage', `--body-limit is a number of bytes from 1024 to 1073741824, not ${text}`);
  return n;
}

/** The bearer token: the file's content without its final line break; an empty token is refused. */
function tokenOf(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new FileError('read', path, e);
  }
  const token = text.replace(/\r?\n$/, '');
  if (token === '' || /\s/.test(token))
    throw new ComplianceError('usage', `--token-file ${path}: the token must be one line without spaces, not empty`);
  return token;
}
