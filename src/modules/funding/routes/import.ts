import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { anyone, signedIn } from '../../../core/auth/policy.js';
import type { FieldErrors } from '../../../core/http/forms.js';
import { actorOf, sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { uploadsIn } from '../../../core/http/multipart.js';
import { invalidFieldsProblem, PROBLEM_CONTENT_TYPE, problemResponses } from '../../../core/http/problem.js';
import type { Translator } from '../../../core/i18n/translator.js';
import type { ModuleContext } from '../../../core/module.js';
import {
  IMPORT_MAX_BYTES,
  importFunding,
  problemsOf,
  type FundingImportReport,
  type ImportFormat,
} from '../funding.import.js';
import { readerOf } from '../funding.lookup.js';
import { mayEdit } from '../funding.policy.js';
import {
  exportRecords,
  fundingJson,
  ITEM_COLUMNS,
  itemsCsv,
  PROGRAMME_COLUMNS,
  programmesCsv,
} from '../funding.transfer.js';
import { ImportPage } from '../views/ImportPage.js';

/** A value of the JSON format: text, a number, nothing, or a list (of texts, or of deadlines). */
const JsonCell = Type.Union([
  Type.String(),
  Type.Number(),
  Type.Null(),
  Type.Array(Type.Union([Type.String(), Type.Object({ at: Type.String(), label: Type.Optional(Type.String()) })])),
]);
/** A row of the JSON format: the CSV's columns as its fields, each optional (module README, "Import"). */
const JsonRow = (columns: readonly string[], description: string) =>
  Type.Object(Object.fromEntries(columns.map((c) => [c, Type.Optional(JsonCell)])), {
    additionalProperties: true,
    description,
  });

type ImportRoute = { Querystring: { dry_run?: boolean } };

const Counts = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  refused: Type.Integer(),
});
const ImportAnswer = Type.Object({
  format: Type.Union([Type.Literal('csv'), Type.Literal('json')]),
  dryRun: Type.Boolean(),
  stored: Type.Boolean({ description: 'Whether anything was written.' }),
  items: Counts,
  programmes: Counts,
  problems: Type.Array(
    Type.Object({
      list: Type.Union([Type.Literal('item'), Type.Literal('programme'), Type.Null()]),
      row: Type.Union([Type.Integer(), Type.Null()], {
        description: 'CSV: the record (the header is 1); JSON: the position in its list, from 1; null: the file.',
      }),
      column: Type.Union([Type.String(), Type.Null()]),
      code: Type.String({ description: 'What is wrong, as a word (`date`, `unknownProgramme`, `amount` …).' }),
      message: Type.String({ description: 'What is wrong, in the request’s language.' }),
    }),
  ),
});
const ImportQuery = Type.Object({
  dry_run: Type.Optional(Type.Boolean({ description: 'Check only: report what would happen and store nothing.' })),
});
const ImportUpload = Type.Object({
  file: Type.Optional(Type.Unsafe<unknown>({ contentMediaType: 'text/csv', description: 'The CSV or JSON file.' })),
});

const codeOf = (key: string) => key.slice(key.lastIndexOf('.') + 1);

/** The report as the API gives it: counts, and every problem in the reader's words. */
function answerOf(report: FundingImportReport, t: Translator['t']) {
  return {
    format: report.format ?? 'csv',
    dryRun: report.dryRun,
    stored: report.stored,
    items: report.items,
    programmes: report.programmes,
    problems: problemsOf(report).map((p) => ({
      list: p.list,
      row: p.row,
      column: p.column,
      code: codeOf(p.key),
      message: t(p.key, p.params),
    })),
  };
}

const refusedAny = (report: FundingImportReport) =>
  report.problems.length > 0 || report.items.refused + report.programmes.refused > 0;

function sendFile(reply: FastifyReply, body: string, type: string, name: string) {
  return reply
    .header('Content-Type', type)
    .header('Content-Disposition', `attachment; filename="${name}"`)
    .header('Cache-Control', 'private, no-store')
    .header('X-Content-Type-Options', 'nosniff')
    .send(body);
}

/**
 * Importing into the register (funding editors and administrators: `/{lang}/funding/import` and
 * `POST /api/v1/funding/import`), and the register as files in the import's format (everyone: the
 * published items and the programmes).
 */
export function importRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  // ---- Export

  const csv = async (_request: FastifyRequest, reply: FastifyReply) =>
    sendFile(
      reply,
      itemsCsv((await exportRecords(ctx.db)).items),
      'text/csv; charset=utf-8; header=present',
      'funding.csv',
    );
  const programmes = async (_request: FastifyRequest, reply: FastifyReply) =>
    sendFile(
      reply,
      programmesCsv((await exportRecords(ctx.db)).programmes),
      'text/csv; charset=utf-8; header=present',
      'funding-programmes.csv',
    );
  const json = async (_request: FastifyRequest, reply: FastifyReply) =>
    sendFile(reply, fundingJson(await exportRecords(ctx.db)), 'application/json; charset=utf-8', 'funding.json');
  const page = { config: { policy: anyone }, schema: { hide: true } };
  app.get('/:lang/funding.csv', page, csv);
  app.get('/:lang/funding/programmes.csv', page, programmes);
  app.get('/:lang/funding.json', page, json);
  const download = (summary: string, type: string) => ({
    config: { policy: anyone },
    schema: {
      summary,
      tags: ['funding'],
      response: {
        200: { description: 'The file, as an attachment', content: { [type]: { schema: Type.String() } } },
        ...problemResponses(401, 429),
      },
    },
  });
  app.get(
    '/api/v1/funding.csv',
    download('The register’s published items as a CSV file, in the import’s format', 'text/csv'),
    csv,
  );
  app.get(
    '/api/v1/programmes.csv',
    download('The register’s programmes as a CSV file, in the import’s format', 'text/csv'),
    programmes,
  );
  app.get(
    '/api/v1/funding.json',
    download(
      'The register’s programmes and published items as one JSON file, in the import’s format',
      'application/json',
    ),
    json,
  );

  // ---- Import

  /** The signed-in actor, if they may edit the register; anyone else a 404. */
  async function importer(request: FastifyRequest) {
    const actor = actorOf(request, signedIn);
    if (!mayEdit(await readerOf(ctx, actor))) throw new HttpError(404);
    return actor;
  }

  const tooBig = (request: FastifyRequest) =>
    request.i18n.t('funding.import.problem.tooBig', {
      limit: Math.floor(Math.min(IMPORT_MAX_BYTES, ctx.config.uploadMaxBytes) / (1024 * 1024)),
    });

  /** The bytes sent: a multipart form's `file`, or the body itself (CSV or JSON); a problem at `file` otherwise. */
  async function sent(
    request: FastifyRequest,
  ): Promise<{ ok: true; bytes: Uint8Array; format?: ImportFormat } | { ok: false; errors: FieldErrors }> {
    const { t } = request.i18n;
    if (Buffer.isBuffer(request.body)) return { ok: true, bytes: request.body, format: 'csv' };
    const type = String(request.headers['content-type'] ?? '');
    if (/^application\/json/i.test(type) && request.body !== undefined)
      return { ok: true, bytes: Buffer.from(JSON.stringify(request.body)), format: 'json' };
    const [file] = uploadsIn(request.body, 'file');
    if (!file || (file.size === 0 && file.filename === ''))
      return { ok: false, errors: { file: t('funding.import.noFile') } };
    if (file.problem === 'tooBig' || file.size > IMPORT_MAX_BYTES)
      return { ok: false, errors: { file: tooBig(request) } };
    if (!file.path) throw new HttpError(503);
    const name = file.filename.toLowerCase();
    const format = name.endsWith('.json') ? 'json' : name.endsWith('.csv') ? 'csv' : undefined;
    return { ok: true, bytes: await readFile(file.path), ...(format ? { format } : {}) };
  }

  const run = (
    request: FastifyRequest,
    userId: number,
    got: { bytes: Uint8Array; format?: ImportFormat },
    dryRun: boolean,
  ) => importFunding(ctx, got.bytes, { dryRun, userId, ...(got.format ? { format: got.format } : {}) });

  const sendForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    dryRun: boolean,
    errors: FieldErrors,
    report: FundingImportReport | null,
    status = 200,
  ) => sendPage(reply, ImportPage({ page: request.page(), view: { dryRun, errors, report } }), status);

  const form = { config: { policy: signedIn }, schema: { hide: true } };
  app.get('/:lang/funding/import', form, async (request, reply) => {
    await importer(request);
    return sendForm(request, reply, true, {}, null);
  });

  app.post('/:lang/funding/import', { ...form, config: { ...form.config, uploads: true } }, async (request, reply) => {
    const actor = await importer(request);
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
    const dryRun = body.dry_run === 'on';
    const got = await sent(request);
    if (!got.ok) return sendForm(request, reply, dryRun, got.errors, null, 400);
    const report = await run(request, actor.id, got, dryRun);
    if (report.problems.length > 0) {
      const errors = { file: report.problems.map((p) => request.i18n.t(p.key, p.params)).join(' ') };
      return sendForm(request, reply, dryRun, errors, null, 400);
    }
    // A clean dry run offers the import next; the report is the answer (nothing is kept to redirect to).
    return sendForm(request, reply, dryRun && refusedAny(report), {}, report);
  });

  // The API takes the file as the body itself (`text/csv` or `application/json`) or as a multipart
  // form's `file`; a body over the import's limit is refused unread (413).
  if (!app.hasContentTypeParser('text/csv'))
    app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_request, body, done) =>
      done(null, body),
    );
  app.post<ImportRoute>(
    '/api/v1/funding/import',
    {
      config: { policy: signedIn, uploads: true },
      bodyLimit: IMPORT_MAX_BYTES,
      // The body's schema is checked here: a CSV body is bytes, a JSON body any JSON (each row is checked).
      attachValidation: true,
      schema: {
        summary:
          'Imports programmes and items into the funding register from a CSV or JSON file (funding editors, ' +
          'administrators; with a token): items are found by `external_id` (updated) or added, each with a ' +
          'version; all or nothing. `dry_run` reports and stores nothing. When any row is refused (dry run or ' +
          'not) the answer is a 400 problem whose extension member `report` holds this answer: every refused ' +
          'row with its column and message',
        tags: ['funding'],
        security: [{ bearerAuth: [] }],
        consumes: ['text/csv', 'application/json', 'multipart/form-data'],
        querystring: ImportQuery,
        body: {
          content: {
            'text/csv': { schema: Type.String({ format: 'binary', description: 'The CSV file, UTF-8.' }) },
            'application/json': {
              schema: Type.Object(
                {
                  programmes: Type.Optional(Type.Array(JsonRow(PROGRAMME_COLUMNS, 'A programme'))),
                  items: Type.Optional(Type.Array(JsonRow(ITEM_COLUMNS, 'An item'))),
                },
                { additionalProperties: false, description: 'The register’s JSON format (or an array of items).' },
              ),
            },
            'multipart/form-data': { schema: ImportUpload },
          },
        },
        response: { 200: ImportAnswer, ...problemResponses(400, 401, 403, 404, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const actor = await importer(request);
      const invalid = request.validationError;
      if (invalid && invalid.validationContext !== 'body') throw invalid;
      const got = await sent(request);
      if (!got.ok) return sendInvalidFields(request, reply, got.errors);
      const report = await run(request, actor.id, got, request.query.dry_run ?? false);
      const { t } = request.i18n;
      if (report.problems.some((p) => codeOf(p.key) === 'tooBig'))
        throw new HttpError(413, 'funding.import.problem.tooBig', { limit: IMPORT_MAX_BYTES / (1024 * 1024) });
      if (!refusedAny(report)) return reply.send(answerOf(report, t));
      const detail =
        report.problems.length > 0
          ? report.problems.map((p) => t(p.key, p.params)).join(' ')
          : t('funding.import.verdict.refused');
      const problem = invalidFieldsProblem(
        request.url.split('?')[0] ?? request.url,
        t('core.error.title', { status: '400' }),
        t('funding.import.refused'),
        { file: detail },
      );
      return reply
        .code(400)
        .type(PROBLEM_CONTENT_TYPE)
        .send(JSON.stringify({ ...problem, report: answerOf(report, t) }));
    },
  );
}
