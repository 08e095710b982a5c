import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createChecker } from '../src/check/createChecker.js';
import { createService, PROBLEM_BASE } from '../src/cli/createService.js';
import { DecisionSchema } from '../src/schema/decision.js';
import { WindowsResultSchema } from '../src/schema/windowsResult.js';

/**
 * Issue 19, item 2: the service's routes, answered in-process (Fastify's inject: no socket). The
 * process itself — listening, the token file, SIGTERM — is in service.process.test.ts.
 */
const checker = createChecker();
const service = createService(checker, { bodyLimit: 64 * 1024, language: 'en' });
const guarded = createService(checker, { bodyLimit: 64 * 1024, language: 'en', token: 's3cret-token' });
afterAll(async () => {
  await service.app.close();
  await guarded.app.close();
});

const ok = {
  id: 'a1',
  at: '2026-03-02T10:00:00-05:00',
  channel: 'call',
  jurisdiction: { country: 'CO' },
  recipient: { role: 'debtor', identityVerified: true },
  debt: { dueDate: '2026-01-15' },
  debtor: { authorizedChannels: ['call'] },
};
const early = { ...ok, id: 'a2', at: '2026-03-02T06:30:00-05:00' };

async function post(url: string, body: unknown, headers: Record<string, string> = {}, app = service.app) {
  const r = await app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: r.statusCode, type: r.headers['content-type'], body: r.json() as unknown, headers: r.headers };
}

describe('POST /v1/check', () => {
  it('one attempt: 200 and the decision check gives, in the contract’s shape', async () => {
    const r = await post('/v1/check', early);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/json; charset=utf-8');
    expect(DecisionSchema.safeParse(r.body).success).toBe(true);
    expect(r.body).toEqual(JSON.parse(JSON.stringify(await checker.check(early as never))));
  });

  it('an array: 200, one result per item in order, a bad item’s error in its place', async () => {
    const r = await post('/v1/check', [ok, { ...ok, id: 'bad', channel: 'fax' }, early]);
    expect(r.status).toBe(200);
    const out = r.body as Array<Record<string, unknown>>;
    expect(out.map((d) => d['attemptId'] ?? d['index'])).toEqual(['a1', 1, 'a2']);
    expect(out[1]).toEqual({
      index: 1,
      id: 'bad',
      error: { code: 'invalid_input', issues: [expect.objectContaining({ path: 'channel' })] },
    });
  });

  it('a bad attempt: 400 application/problem+json (RFC 9457) naming every bad field', async () => {
    const r = await post('/v1/check', { ...ok, at: '2026-03-02T10:00:00', chanel: 'x' });
    expect(r.status).toBe(400);
    expect(r.type).toBe('application/problem+json; charset=utf-8');
    expect(r.body).toMatchObject({
      type: `${PROBLEM_BASE}invalid_input`,
      title: 'The input is not a valid attempt',
      status: 400,
      id: 'a1',
    });
    const paths = (r.body as { issues: Array<{ path: string }> }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['at', 'chanel']));
    expect((r.body as { detail: string }).detail).toMatch(/^at: .*offset/m);
  });

  it('no law in force at its date, an empty array: 400 too', async () => {
    const old = await post('/v1/check', { ...ok, at: '1926-03-02T10:00:00-05:00' });
    expect(old.status).toBe(400);
    expect((old.body as { issues: Array<{ code: string }> }).issues[0]!.code).toBe('no_law_in_force');
    expect((await post('/v1/check', [])).status).toBe(400);
  });

  it('a body that is not JSON: 400 invalid_json at its line and column; __proto__ is an unknown field', async () => {
    const r = await post('/v1/check', '{"id": "a1",\n  "at" 5}');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ type: `${PROBLEM_BASE}invalid_json`, line: 2, column: 8 });
    const proto = await post('/v1/check', JSON.stringify(ok).replace('{', '{"__proto__": {"x": 1},'));
    expect(proto.status).toBe(400);
    expect((proto.body as { issues: Array<{ path: string; code: string }> }).issues).toContainEqual(
      expect.objectContaining({ path: '__proto__', code: 'unknown_field' }),
    );
  });

  it('over the body limit: 413; not JSON’s media type: 415; an unknown route: 404 — all problems', async () => {
    const big = await post('/v1/check', { ...ok, id: 'x'.repeat(70_000) });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ type: `${PROBLEM_BASE}body_too_large`, status: 413 });
    const text = await service.app.inject({ method: 'POST', url: '/v1/check', payload: 'hello' });
    expect(text.statusCode).toBe(415);
    expect(text.headers['content-type']).toMatch(/^application\/problem\+json/);
    const none = await service.app.inject({ method: 'GET', url: '/v2/check' });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ type: 'about:blank', status: 404 });
  });

  it('values from the input are inert in the answer (bidi and invisible characters as \\u escapes)', async () => {
    const r = await service.app.inject({
      method: 'POST',
      url: '/v1/check',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ ...ok, id: 'x\u202Eevil' }),
    });
    expect(r.payload).toContain('x\\u202eevil');
    expect(r.payload).not.toContain('\u202E');
  });
});

describe('POST /v1/windows, GET /v1/rules, /healthz, /readyz, /openapi.json', () => {
  it('windows: ?days=N or ?until=ISO; one result per attempt, as checker.windows', async () => {
    const r = await post('/v1/windows?days=2', ok);
    expect(r.status).toBe(200);
    expect(WindowsResultSchema.safeParse(r.body).success).toBe(true);
    expect(r.body).toEqual(JSON.parse(JSON.stringify(await checker.windows(ok as never, { days: 2 }))));
    const until = await post('/v1/windows?until=2026-03-03T00:00:00-05:00', [ok, early]);
    expect((until.body as unknown[]).length).toBe(2);
    expect((await post('/v1/windows', ok)).status).toBe(400);
    expect((await post('/v1/windows?days=40', ok)).body).toMatchObject({ type: `${PROBLEM_BASE}invalid_query` });
    expect((await post('/v1/windows?until=tomorrow', ok)).status).toBe(400);
  });

  it('rules: the catalog, by country', async () => {
    const r = await service.app.inject({ method: 'GET', url: '/v1/rules?country=co' });
    const rules = r.json() as Array<{ id: string; country: string }>;
    expect(rules.length).toBeGreaterThan(5);
    expect(new Set(rules.map((x) => x.country))).toEqual(new Set(['CO']));
    expect((await service.app.inject({ method: 'GET', url: '/v1/rules?country=PE' })).statusCode).toBe(400);
  });

  it('health, readiness with the ruleset version, and the OpenAPI 3.1 document built from the shipped schemas', async () => {
    expect((await service.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await service.app.inject({ url: '/readyz' })).json()).toEqual({
      status: 'ready',
      ruleset: checker.version,
    });
    const doc = (await service.app.inject({ url: '/openapi.json' })).json() as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, Record<string, unknown>> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      ['/healthz', '/openapi.json', '/readyz', '/v1/check', '/v1/rules', '/v1/windows'].sort(),
    );
    const shipped = (name: string) => {
      const { $schema: _, ...rest } = JSON.parse(
        readFileSync(join(import.meta.dirname, '..', 'schemas', name), 'utf8'),
      ) as Record<string, unknown>;
      return rest;
    };
    expect(doc.components.schemas['Attempt']).toEqual(shipped('attempt.schema.json'));
    expect(doc.components.schemas['Decision']).toEqual(shipped('decision.schema.json'));
    expect(doc.components.schemas['WindowsResult']).toEqual(shipped('windows-result.schema.json'));
  });
});

describe('a bearer token (serve --token-file)', () => {
  it('/v1 without it or with another: 401 with WWW-Authenticate; with it: 200; health stays open', async () => {
    const none = await post('/v1/check', ok, {}, guarded.app);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="cobranza-compliance"');
    expect(none.body).toMatchObject({ type: `${PROBLEM_BASE}unauthorized`, status: 401 });
    for (const wrong of ['Bearer s3cret-toke', 'Bearer s3cret-token2', 'Basic s3cret-token', 'Bearer '])
      expect((await post('/v1/check', ok, { authorization: wrong }, guarded.app)).status).toBe(401);
    expect((await post('/v1/check', ok, { authorization: 'Bearer s3cret-token' }, guarded.app)).status).toBe(200);
    expect((await guarded.app.inject({ url: '/v1/rules' })).statusCode).toBe(401);
    expect((await guarded.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});
