/**
 * The OpenAPI 3.1 description of `serve` (schemas/openapi.json, served at GET /openapi.json), built
 * from the shipped JSON Schemas: the attempt, the decision and the windows result are those files'
 * own contents (OpenAPI 3.1 speaks JSON Schema 2020-12), so the service and the schemas cannot drift.
 */
import { VERSION } from '../src/version.js';

type Json = Record<string, unknown>;

const problem: Json = {
  type: 'object',
  description:
    'RFC 9457 problem details (application/problem+json). `type` is one of https://cobranza-compliance.dev/problems/{invalid_input, invalid_json, invalid_query, unauthorized, body_too_large, unsupported_media_type, internal_error}, or about:blank.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri-reference' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    id: { type: 'string', description: 'the attempt’s id, when it has a usable one' },
    issues: { type: 'array', items: { $ref: '#/components/schemas/Issue' } },
    line: { type: 'integer', description: 'invalid_json: where the body stops being JSON' },
    column: { type: 'integer' },
  },
};

const issue: Json = {
  type: 'object',
  required: ['path', 'code', 'message'],
  properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
  additionalProperties: false,
};

const errorEntry: Json = {
  type: 'object',
  description: 'A bad item of an array, in its place: the others are judged.',
  required: ['index', 'id', 'error'],
  properties: {
    index: { type: 'integer', minimum: 0 },
    id: { type: ['string', 'null'] },
    error: {
      type: 'object',
      required: ['code', 'issues'],
      properties: {
        code: { type: 'string', enum: ['invalid_input', 'invalid_json'] },
        issues: { type: 'array', items: { $ref: '#/components/schemas/Issue' } },
      },
    },
  },
  additionalProperties: false,
};

function problemResponses(...statuses: number[]): Json {
  const text: Record<number, string> = {
    400: 'bad input: the problem names every bad field',
    401: 'no valid bearer token (serve --token-file)',
    413: 'the body is over the limit (serve --body-limit)',
    415: 'the body is not application/json',
    503: 'the service is draining (SIGTERM): retry on another instance',
  };
  return Object.fromEntries(
    statuses.map((s) => [
      String(s),
      {
        description: text[s],
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    ]),
  );
}

function judged(result: string, what: string): Json {
  return {
    description: `one ${what} for one attempt; for an array, one entry per item in order (a bad item's entry is its error)`,
    content: {
      'application/json': {
        schema: {
          oneOf: [
            { $ref: `#/components/schemas/${result}` },
            {
              type: 'array',
              items: {
                oneOf: [{ $ref: `#/components/schemas/${result}` }, { $ref: '#/components/schemas/ErrorEntry' }],
              },
            },
          ],
        },
      },
    },
  };
}

const attemptBody: Json = {
  required: true,
  content: {
    'application/json': {
      schema: {
        oneOf: [
          { $ref: '#/components/schemas/Attempt' },
          { type: 'array', minItems: 1, items: {}, description: 'attempts, each validated on its own' },
        ],
      },
    },
  },
};

export function openapiDocument(schemas: { attempt: Json; decision: Json; windowsResult: Json }): string {
  const strip = ({ $schema: _, ...rest }: Json): Json => rest;
  const doc = {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'cobranza-compliance',
      version: VERSION,
      description:
        'May I contact this debtor, on this channel, now? `cobranza-compliance serve` (docs/service.md). Binds 127.0.0.1 by default; TLS is left to a proxy.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: 'http://127.0.0.1:8080' }],
    security: [{}, { bearer: [] }],
    paths: {
      '/v1/check': {
        post: {
          summary: 'Judge one attempt, or an array of attempts',
          operationId: 'check',
          security: [{ bearer: [] }, {}],
          requestBody: attemptBody,
          responses: { '200': judged('Decision', 'decision'), ...problemResponses(400, 401, 413, 415, 503) },
        },
      },
      '/v1/windows': {
        post: {
          summary: 'The lawful windows of one attempt, or of each of an array',
          operationId: 'windows',
          security: [{ bearer: [] }, {}],
          parameters: [
            { name: 'days', in: 'query', schema: { type: 'number', exclusiveMinimum: 0, maximum: 31 } },
            { name: 'until', in: 'query', schema: { type: 'string' }, description: 'an instant with an offset' },
          ],
          requestBody: attemptBody,
          responses: { '200': judged('WindowsResult', 'result'), ...problemResponses(400, 401, 413, 415, 503) },
        },
      },
      '/v1/rules': {
        get: {
          summary: 'The rule catalog (law and policy)',
          operationId: 'rules',
          security: [{ bearer: [] }, {}],
          parameters: [{ name: 'country', in: 'query', schema: { type: 'string', enum: ['MX', 'CO', 'ES'] } }],
          responses: {
            '200': {
              description: 'one entry per rule',
              content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } },
            },
            ...problemResponses(400, 401),
          },
        },
      },
      '/healthz': {
        get: {
          summary: 'The process is up (no authentication)',
          operationId: 'health',
          responses: { '200': { description: '{ "status": "ok" }' } },
        },
      },
      '/readyz': {
        get: {
          summary: 'Ready to judge (no authentication); 503 while draining',
          operationId: 'ready',
          responses: {
            '200': { description: '{ "status": "ready", "ruleset": VERSION }' },
            '503': { description: '{ "status": "draining" }' },
          },
        },
      },
      '/openapi.json': {
        get: {
          summary: 'This document (no authentication)',
          operationId: 'openapi',
          responses: { '200': { description: 'OpenAPI 3.1' } },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'serve --token-file FILE' } },
      schemas: {
        Attempt: strip(schemas.attempt),
        Decision: strip(schemas.decision),
        WindowsResult: strip(schemas.windowsResult),
        Problem: problem,
        Issue: issue,
        ErrorEntry: errorEntry,
      },
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
