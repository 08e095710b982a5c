import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Checker, WindowsRange } from '../check/createChecker.js';
import type { DecisionLog } from '../decisionLog/decisionLog.js';
import { InputError, type InputIssue } from '../errors.js';
import { inertJson } from '../_lib/inertJson.js';
import { instantMs } from '../_lib/instantMs.js';
import { jsonSyntaxError } from '../_lib/jsonSyntaxError.js';
import { MAX_WINDOW_DAYS } from '../check/lawfulWindows.js';
import { ruleCatalog } from '../rules/ruleCatalog.js';
import { Countries } from '../schema/enums.js';
import openapi from '../../schemas/openapi.json';
import { errorEntry, judgeValue, type Judged } from './judgeItems.js';

export interface ServiceOptions {
  /** A bearer token every /v1 request must carry (`Authorization: Bearer …`); none: no authentication. */
  readonly token?: string;
  /** The largest request body, in bytes (a larger one is answered 413). */
  readonly bodyLimit: number;
  /** The checker's decision log: in `batched` mode a decision is answered only once its entry is durable. */
  readonly decisionLog?: DecisionLog;
  /** The checker's language, for the rule catalog. */
  readonly language: 'es' | 'en';
}

/** The base of the `type` URIs of the service's problem details (RFC 9457), documented in docs/service.md. */
export const PROBLEM_BASE = 'https://cobranza-compliance.dev/problems/';

/** An RFC 9457 problem: what every error of the service answers, as `application/problem+json`. */
interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly [extension: string]: unknown;
}

/**
 * The HTTP service (`serve`): the checker behind Fastify. Every answer is JSON (decisions in the
 * contract's shape, `application/json`) or a problem (`application/problem+json`); values echoed from
 * the input are inert (bidi and invisible characters as `\u` escapes), as in every output format.
 */
export function createService(checker: Checker, options: ServiceOptions): Service {
  let draining = false;
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit,
    // On close: no new request is taken (503), idle keep-alive connections are closed, requests in
    // flight are finished.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // A request that sends its body slower than this cannot hold a drain open for ever.
    requestTimeout: 30_000,
  });
  const expected = options.token === undefined ? undefined : digest(options.token);

  // JSON.parse itself, not Fastify's parser: `__proto__` as an own key is then an unknown field of
  // the attempt (named as such), and text that is not JSON is located by line and column.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'application/*+json'], { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    try {
      done(null, JSON.parse(text) as unknown);
    } catch {
      const e = jsonSyntaxError(text);
      done(new ProblemError(notJson(e)), undefined);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/v1/') || expected === undefined) return;
    const header = request.headers.authorization;
    const given = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    // Digests of equal length compared in constant time: neither the token nor its length leaks.
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      reply.header('www-authenticate', 'Bearer realm="cobranza-compliance"');
      return sendProblem(reply, {
        type: `${PROBLEM_BASE}unauthorized`,
        title: 'A valid bearer token is required',
        status: 401,
      });
    }
  });

  app.setErrorHandler((error: unknown, _request, reply) => {
    if (error instanceof ProblemError) return sendProblem(reply, error.problem);
    const e = error as { code?: string; statusCode?: number; message?: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return sendProblem(reply, {
        type: `${PROBLEM_BASE}body_too_large`,
        title: 'The request body is too large',
        status: 413,
        detail: `at most ${options.bodyLimit} bytes (serve --body-limit)`,
      });
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return sendProblem(reply, {
        type: `${PROBLEM_BASE}unsupported_media_type`,
        title: 'The body must be application/json',
        status: 415,
      });
    if (e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
      return sendProblem(reply, notJson({ line: 1, column: 1, message: 'an empty body' }));
    if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500)
      return sendProblem(reply, {
        type: 'about:blank',
        title: e.message ?? 'Bad request',
        status: e.statusCode,
      });
    // Never a stack or an internal message to the caller: the status says it was not judged.
    return sendProblem(reply, {
      type: `${PROBLEM_BASE}internal_error`,
      title: 'The attempt could not be judged',
      status: 500,
    });
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, {
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: `no route ${request.method} ${request.url.split('?')[0]}`,
    }),
  );

  app.get('/healthz', async (_request, reply) => sendJson(reply, 200, { status: 'ok' }));
  app.get('/readyz', async (_request, reply) =>
    draining
      ? sendJson(reply, 503, { status: 'draining' })
      : sendJson(reply, 200, { status: 'ready', ruleset: checker.version }),
  );
  app.get('/openapi.json', async (_request, reply) => sendJson(reply, 200, openapi));

  app.get('/v1/rules', async (request, reply) => {
    const country = (request.query as Record<string, string | undefined>)['country']?.toUpperCase();
    if (country !== undefined && !(Countries as readonly string[]).includes(country))
      return sendProblem(reply, badQuery('country', `must be one of ${Countries.join(', ')}`));
    const packs = [...checker.packs.values()].map((c) => c.pack).filter((p) => !country || p.country === country);
    return sendJson(reply, 200, ruleCatalog(packs, options.language));
  });

  app.post('/v1/check', async (request, reply) => answer(request, reply, (attempt) => checker.checkAttempt(attempt)));

  app.post('/v1/windows', async (request, reply) => {
    const range = rangeOf(request.query as Record<string, string | undefined>);
    if ('type' in range) return sendProblem(reply, range);
    return answer(request, reply, (attempt) => checker.windows(attempt, range));
  });

  /**
   * One attempt: 200 with its result, or 400 with the problem naming every bad field. An array: 200
   * with one entry per item in order, a bad item's entry its error (`{ index, id, error }`).
   */
  async function answer<R>(
    request: FastifyRequest,
    reply: FastifyReply,
    judge: (attempt: Parameters<Checker['checkAttempt']>[0]) => Promise<R>,
  ): Promise<FastifyReply> {
    const body = request.body;
    if (Array.isArray(body)) {
      if (body.length === 0)
        return sendProblem(
          reply,
          invalidInput([{ path: '(input)', code: 'empty', message: 'an empty array: nothing to judge' }]),
        );
      const out: unknown[] = [];
      for (let i = 0; i < body.length; i++) {
        const j: Judged<R> = await judgeValue(body[i], { index: i }, checker, judge);
        out.push(j.ok ? j.result : errorEntry(j));
      }
      await durable();
      return sendJson(reply, 200, out);
    }
    const j = await judgeValue(body, {}, checker, judge);
    if (!j.ok) return sendProblem(reply, { ...invalidInput(j.error.issues), ...(j.id !== null ? { id: j.id } : {}) });
    await durable();
    return sendJson(reply, 200, j.result);
  }

  /** In `batched` mode, a decision leaves only once its log entry is durable (never an unrecorded answer). */
  async function durable(): Promise<void> {
    if (options.decisionLog?.durability.mode === 'batched') await options.decisionLog.durable();
  }

  return {
    app,
    async drain() {
      draining = true;
      await app.close();
    },
  };
}

export interface Service {
  readonly app: FastifyInstance;
  /** Stop taking requests (503, /readyz draining), finish those in flight, close the server. */
  drain(): Promise<void>;
}

/** The range of `POST /v1/windows` from its query: `?days=N` (1 to 31) or `?until=ISO`, one of the two. */
function rangeOf(query: Record<string, string | undefined>): WindowsRange | Problem {
  const { days, until } = query;
  if ((days === undefined) === (until === undefined))
    return badQuery('days', 'give ?days=N (1 to 31) or ?until=ISO (an instant with an offset), one of the two');
  if (until !== undefined)
    return instantMs(until) === undefined
      ? badQuery('until', 'must be an instant with an offset, e.g. 2026-03-27T00:00:00-05:00')
      : { until };
  const n = Number(days);
  if (!/^\d+(\.\d+)?$/.test(days!) || !(n > 0 && n <= MAX_WINDOW_DAYS))
    return badQuery('days', `must be a number of days from 1 to ${MAX_WINDOW_DAYS}`);
  return { days: n };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

function invalidInput(issues: readonly InputIssue[]): Problem {
  return {
    type: `${PROBLEM_BASE}invalid_input`,
    title: 'The input is not a valid attempt',
    status: 400,
    detail: new InputError(issues).message,
    issues,
  };
}

function notJson(e: { line: number; column: number; message: string } | undefined): Problem {
  return {
    type: `${PROBLEM_BASE}invalid_json`,
    title: 'The body is not JSON',
    status: 400,
    detail: `not JSON: ${e?.message ?? 'unreadable'}`,
    ...(e ? { line: e.line, column: e.column } : {}),
  };
}

function badQuery(name: string, message: string): Problem {
  return {
    type: `${PROBLEM_BASE}invalid_query`,
    title: 'A query parameter is not valid',
    status: 400,
    detail: `${name}: ${message}`,
    issues: [{ path: name, code: 'invalid_query', message }],
  };
}

function sendJson(reply: FastifyReply, status: number, value: unknown): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(inertJson(JSON.stringify(value)));
}

function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply
    .code(problem.status)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(inertJson(JSON.stringify(problem)));
}

/** A problem raised inside Fastify (the body parser), answered by the error handler. */
class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
}
