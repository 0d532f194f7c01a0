// The API's contract (issue 11, finding 11): `/api/openapi.json` says what every operation takes
// and gives, success and failure alike. A client written from the document alone must know what
// to send, what comes back, and what an error looks like (one shared RFC 9457 `Problem`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import Schema from 'typebox/schema';
import { buildTestApp, forEachEngine } from './helpers/app.js';
import { Browser, createAccessToken } from './support/accounts.js';
import { createUser } from '../src/modules/accounts/index.js';
import { IMPORT_MAX_BYTES } from '../src/modules/funding/funding.import.js';

/** Operations that take larger bodies than the default (files to import): the probe is just over their own limit. */
const BODY_LIMITS: Record<string, number> = { 'POST /api/v1/funding/import': IMPORT_MAX_BYTES };

type JsonSchema = Record<string, unknown>;
interface Media {
  schema?: JsonSchema;
}
interface Operation {
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, Media> };
  responses?: Record<string, { content?: Record<string, Media> }>;
  security?: Record<string, string[]>[];
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const PROBLEM_REF = '#/components/schemas/Problem';
const PROBLEM_MEDIA = 'application/problem+json';
const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

/**
 * Where a schema fails to say what it holds: no schema at all, an object with neither properties
 * nor additionalProperties, an array without items, or a schema with no type (`{}`), at any depth.
 */
function untypedParts(schema: unknown, where: string, document: OpenApi, seen = new Set<string>()): string[] {
  if (schema === undefined || schema === null || typeof schema !== 'object') return [`${where}: no schema`];
  const s = schema as JsonSchema;
  if (typeof s.$ref === 'string') {
    if (seen.has(s.$ref)) return [];
    const name = s.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    if (!target) return [`${where}: $ref ${s.$ref} leads nowhere`];
    return untypedParts(target, s.$ref, document, new Set([...seen, s.$ref]));
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const parts = s[key];
    if (Array.isArray(parts))
      return parts.flatMap((part, i) => untypedParts(part, `${where}/${key}/${i}`, document, seen));
  }
  if ('const' in s || Array.isArray(s.enum)) return [];
  const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
  // A binary part (an uploaded file, a download) is described by its media type.
  if (types.length === 0) return typeof s.contentMediaType === 'string' ? [] : [`${where}: no type`];
  const found: string[] = [];
  if (types.includes('object')) {
    const properties = (s.properties ?? {}) as Record<string, unknown>;
    const extra = s.additionalProperties;
    if (Object.keys(properties).length === 0 && (extra === undefined || extra === true) && !s.patternProperties)
      found.push(`${where}: an object that says nothing of its properties`);
    for (const [name, property] of Object.entries(properties))
      found.push(...untypedParts(property, `${where}/${name}`, document, seen));
    if (extra && typeof extra === 'object') found.push(...untypedParts(extra, `${where}/*`, document, seen));
  }
  if (types.includes('array')) {
    if (s.items === undefined) found.push(`${where}: an array that says nothing of its items`);
    else found.push(...untypedParts(s.items, `${where}/items`, document, seen));
  }
  return found;
}

/** Every operation of the document as `[METHOD, path, operation]`. */
function operationsOf(document: OpenApi): [string, string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => [method.toUpperCase(), path, op] as [string, string, Operation]),
  );
}

/**
 * The `/api/v1` routes of the application as `METHOD /path/{param}`, read from Fastify's route
 * tree (`printRoutes` with full segments; HEAD is GET's twin and not documented apart).
 */
function apiRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const parents: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    parents.length = (match[1] ?? '').length / 4;
    parents.push(match[2] ?? '');
    const path = parents.join('').replace(/^\/+/, '/');
    if (!path.startsWith('/api/v1')) continue;
    for (const method of (match[3] ?? '').split(', ').filter((m) => m && m !== 'HEAD'))
      routes.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
  }
  return routes.sort();
}

forEachEngine('the API contract (/api/openapi.json)', (engine) => {
  test('every request and response body of every operation has a schema that says what it holds', async (t) => {
    const { app } = await buildTestApp(t, engine);
    const document = (await app.inject('/api/openapi.json')).json() as OpenApi;
    const problems: string[] = [];
    for (const [method, path, op] of operationsOf(document)) {
      const name = `${method} ${path}`;
      if (UNSAFE.has(method.toLowerCase()) && method !== 'DELETE') {
        const content = Object.entries(op.requestBody?.content ?? {});
        if (content.length === 0) problems.push(`${name}: no request body`);
        for (const [media, { schema }] of content)
          problems.push(...untypedParts(schema, `${name} request ${media}`, document));
      }
      const responses = Object.entries(op.responses ?? {});
      if (!responses.some(([status]) => /^2\d\d$/.test(status))) problems.push(`${name}: no success response`);
      for (const [status, response] of responses) {
        // 204 and 304 have no body by definition.
        if (status === '204' || status === '304') continue;
        const content = Object.entries(response.content ?? {});
        if (content.length === 0) problems.push(`${name} ${status}: no body described`);
        for (const [media, { schema }] of content)
          problems.push(...untypedParts(schema, `${name} ${status} ${media}`, document));
      }
    }
    assert.deepEqual(problems, []);
  });

  test('errors are one shared Problem schema, with the field errors the API sends', async (t) => {
    const { app } = await buildTestApp(t, engine);
    const document = (await app.inject('/api/openapi.json')).json() as OpenApi;
    const problem = document.components?.schemas?.Problem as
      { properties?: Record<string, JsonSchema>; required?: string[] } | undefined;
    assert.ok(problem, 'components.schemas.Problem');
    assert.deepEqual(Object.keys(problem.properties ?? {}).sort(), [
      'detail',
      'errors',
      'instance',
      'status',
      'title',
      'type',
    ]);
    assert.deepEqual([...(problem.required ?? [])].sort(), ['status', 'title', 'type']);
    const items = (problem.properties?.errors?.items ?? {}) as { properties?: Record<string, unknown> };
    assert.deepEqual(Object.keys(items.properties ?? {}).sort(), ['detail', 'pointer']);

    const problems: string[] = [];
    for (const [method, path, op] of operationsOf(document)) {
      const name = `${method} ${path}`;
      const documented = Object.keys(op.responses ?? {});
      // What can happen to any call: a token that is not valid (401), too many calls (429).
      const expected = ['401', '429'];
      // Parameters and bodies are checked (400); a path names something that may not exist or
      // may not be shown to this caller (404).
      if ((op.parameters ?? []).length > 0 || op.requestBody) expected.push('400');
      if ((op.parameters ?? []).some((p) => p.in === 'path')) expected.push('404');
      // An unsafe call in a session needs the CSRF token (403).
      if (UNSAFE.has(method.toLowerCase())) expected.push('403');
      // A body can be too large (413) or of a type the API does not read (415).
      if (op.requestBody) expected.push('413', '415');
      for (const status of expected)
        if (!documented.includes(status)) problems.push(`${name}: ${status} is not documented`);
      for (const status of documented.filter((s) => /^4\d\d$/.test(s))) {
        const content = op.responses?.[status]?.content ?? {};
        if (Object.keys(content).join() !== PROBLEM_MEDIA || content[PROBLEM_MEDIA]?.schema?.$ref !== PROBLEM_REF)
          problems.push(`${name} ${status}: not ${PROBLEM_MEDIA} with ${PROBLEM_REF} (${JSON.stringify(content)})`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test('every /api/v1 route of the application is in the document', async (t) => {
    const { app } = await buildTestApp(t, engine);
    const document = (await app.inject('/api/openapi.json')).json() as OpenApi;
    const documented = new Set(operationsOf(document).map(([method, path]) => `${method} ${path}`));
    const routes = apiRoutes(app);
    assert.ok(routes.length >= 20, `the route table has the API's routes (${routes.length})`);
    assert.deepEqual(
      routes.filter((route) => !documented.has(route)),
      [],
    );
  });

  test('what hostile and unauthorised calls get back is documented, and is a Problem', async (t) => {
    const urbis = await buildTestApp(t, engine);
    const { app } = urbis;
    const document = (await app.inject('/api/openapi.json')).json() as OpenApi;
    const problemSchema = document.components?.schemas?.Problem;
    const isProblem = problemSchema && Schema.Compile({ ...problemSchema, components: document.components } as never);
    const userId = await createUser(urbis.ctx.db, {
      email: 'contract@example.eu',
      handle: 'contract',
      displayName: 'Contract Tester',
      password: 'a long enough password for tests',
    });
    const { token } = await createAccessToken(urbis.ctx, userId, 'contract');
    const browser = new Browser(app, { remoteAddress: '10.0.0.9' });
    assert.equal((await browser.signIn('contract@example.eu', 'a long enough password for tests')).statusCode, 303);

    const problems: string[] = isProblem ? [] : ['components.schemas.Problem is missing'];
    let calls = 0;
    for (const [method, path, op] of operationsOf(document)) {
      const name = `${method} ${path}`;
      const url = path.replace(/\{\w+\}/g, '999999');
      const hasBody = op.requestBody !== undefined;
      const json = { 'content-type': 'application/json' };
      const probes: { why: string; headers: Record<string, string>; payload?: string; expect?: number }[] = [
        { why: 'a visitor', headers: hasBody ? json : {}, ...(hasBody ? { payload: '{}' } : {}) },
        {
          why: 'a token that is not valid',
          headers: { authorization: 'Bearer not-a-token', ...(hasBody ? json : {}) },
          ...(hasBody ? { payload: '{}' } : {}),
          expect: 401,
        },
        {
          why: 'a valid token, nothing there',
          headers: { authorization: `Bearer ${token}`, ...(hasBody ? json : {}) },
          ...(hasBody ? { payload: '{}' } : {}),
        },
      ];
      if (UNSAFE.has(method.toLowerCase()))
        probes.push({
          why: 'a session without the CSRF token',
          headers: { cookie: browser.header(), ...(hasBody ? json : {}) },
          ...(hasBody ? { payload: '{}' } : {}),
          expect: 403,
        });
      if (hasBody)
        probes.push(
          { why: 'broken JSON', headers: json, payload: '{"', expect: 400 },
          { why: 'XML', headers: { 'content-type': 'application/xml' }, payload: '<a/>', expect: 415 },
          {
            why: 'a body over the limit',
            headers: json,
            payload: `"${'x'.repeat(BODY_LIMITS[name] ?? 2 * 1024 * 1024)}"`,
            expect: 413,
          },
        );
      for (const probe of probes) {
        calls++;
        const response = await app.inject({
          method: method as 'GET',
          url,
          headers: probe.headers,
          ...(probe.payload !== undefined ? { payload: probe.payload } : {}),
        });
        const status = response.statusCode;
        const what = `${name} (${probe.why}): ${status}`;
        if (probe.expect !== undefined && status !== probe.expect) problems.push(`${what}, expected ${probe.expect}`);
        if (!(String(status) in (op.responses ?? {}))) problems.push(`${what} is not documented`);
        if (status >= 400) {
          if (!String(response.headers['content-type']).startsWith(PROBLEM_MEDIA))
            problems.push(`${what} is ${response.headers['content-type']}`);
          else if (isProblem && !isProblem.Check(response.json()))
            problems.push(`${what} does not match Problem: ${response.body}`);
          else if (response.json().status !== status) problems.push(`${what} says status ${response.json().status}`);
        }
      }
    }
    assert.ok(calls > 60, `${calls} calls`);
    assert.deepEqual(problems, []);
  });
});
