import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { anyone, signedIn } from '../../../core/auth/policy.js';
import type { FieldErrors } from '../../../core/http/forms.js';
import { actorOf, sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { uploadsIn } from '../../../core/http/multipart.js';
import { problemResponses } from '../../../core/http/problem.js';
import type { Translator } from '../../../core/i18n/translator.js';
import type { ModuleContext } from '../../../core/module.js';
import { hubTabs } from '../../partnerships/index.js';
import { IMPORT_MAX_BYTES, importPlan, type ImportProblem, type ImportReport } from '../actions.import.js';
import { partnershipFor, type Found } from '../actions.lookup.js';
import { mayImport, seesMembersOnly } from '../actions.policy.js';
import { PartnershipParams } from '../actions.schema.js';
import { planCsv, planJson, planRecord } from '../actions.transfer.js';
import { ImportPage, type ImportValues } from '../views/ImportPage.js';

/** The largest body the API reads before refusing it unread. */
const RECEIVED_MAX = 16 * 1024 * 1024;

type PlanRoute = { Params: { lang?: string; slug: string } };
type ImportRoute = PlanRoute & { Querystring: { dry_run?: boolean; atomic?: boolean } };

const Problem = Type.Object({
  row: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The row of the file (the header is row 1), or null for the file.',
  }),
  column: Type.Union([Type.String(), Type.Null()]),
  code: Type.String({ description: 'What is wrong, as a word (`date`, `unknownOrganisation`, `missingColumn` …).' }),
  message: Type.String({ description: 'What is wrong, in the request’s language.' }),
});
const Outcome = Type.Unsafe<'created' | 'updated' | 'unchanged' | 'refused'>({
  type: 'string',
  enum: ['created', 'updated', 'unchanged', 'refused'],
});
const ImportAnswer = Type.Object({
  dryRun: Type.Boolean(),
  atomic: Type.Boolean(),
  stored: Type.Boolean({ description: 'Whether anything was written.' }),
  counts: Type.Object({
    created: Type.Integer(),
    updated: Type.Integer(),
    unchanged: Type.Integer(),
    refused: Type.Integer(),
    themes: Type.Integer({ description: 'Themes created.' }),
  }),
  rows: Type.Array(
    Type.Object({
      row: Type.Integer(),
      kind: Type.Union([Type.String(), Type.Null()]),
      number: Type.Union([Type.Integer(), Type.Null()]),
      outcome: Outcome,
      problems: Type.Array(Problem),
    }),
  ),
});
const ImportQuery = Type.Object({
  dry_run: Type.Optional(Type.Boolean({ description: 'Check only: report what would be taken and store nothing.' })),
  atomic: Type.Optional(Type.Boolean({ description: 'Take nothing if any row is refused.' })),
});
const ImportUpload = Type.Object({
  file: Type.Optional(Type.Unsafe<unknown>({ contentMediaType: 'text/csv', description: 'The CSV file.' })),
});

/** The problem of a file or row in the reader's words (`actions.transfer.problem.<code>`, or an update's refusal). */
export const problemMessage = (t: Translator['t'], p: ImportProblem) => t(p.key, p.params);
const codeOf = (p: ImportProblem) => p.key.slice(p.key.lastIndexOf('.') + 1);

/** A file's name for a plan: `digital-transition-actions.csv`. */
const fileName = (slug: string, extension: string) => `${slug}-actions.${extension}`;

function sendFile(reply: FastifyReply, body: string, type: string, name: string) {
  return reply
    .header('Content-Type', type)
    .header('Content-Disposition', `attachment; filename="${name}"`)
    .header('Cache-Control', 'private, no-store')
    .header('X-Content-Type-Options', 'nosniff')
    .send(body);
}

/**
 * The action plan as a file (CSV or JSON: what the reader may see of it) and importing one
 * (coordinators and administrators): the form at `…/actions/import` and its API twin.
 */
export function transferRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  async function exported(request: FastifyRequest<PlanRoute>) {
    const found = await partnershipFor(ctx, request, request.params.slug);
    if (!found) throw new HttpError(404);
    return { found, plan: await planRecord(ctx, found.id, seesMembersOnly(found.standing)) };
  }
  const csv = async (request: FastifyRequest<PlanRoute>, reply: FastifyReply) => {
    const { found, plan } = await exported(request);
    const slug = found.partnership.slug;
    return sendFile(reply, planCsv(plan), 'text/csv; charset=utf-8; header=present', fileName(slug, 'csv'));
  };
  const json = async (request: FastifyRequest<PlanRoute>, reply: FastifyReply) => {
    const { found, plan } = await exported(request);
    const slug = found.partnership.slug;
    return sendFile(reply, planJson(slug, plan), 'application/json; charset=utf-8', fileName(slug, 'json'));
  };
  const apiParams = Type.Omit(PartnershipParams, ['lang']);
  const download = (summary: string, type: string) => ({
    config: { policy: anyone },
    schema: {
      summary,
      tags: ['actions'],
      params: apiParams,
      response: {
        200: { description: 'The file, as an attachment', content: { [type]: { schema: Type.String() } } },
        ...problemResponses(400, 401, 404, 429),
      },
    },
  });
  const pageOptions = { config: { policy: anyone }, schema: { hide: true, params: PartnershipParams } };
  app.get<PlanRoute>('/:lang/partnerships/:slug/actions.csv', pageOptions, csv);
  app.get<PlanRoute>('/:lang/partnerships/:slug/actions.json', pageOptions, json);
  app.get<PlanRoute>(
    '/api/v1/partnerships/:slug/actions.csv',
    download(
      'A partnership’s action plan as a CSV file (what the caller may see): themes, actions and their children',
      'text/csv',
    ),
    csv,
  );
  app.get<PlanRoute>(
    '/api/v1/partnerships/:slug/actions.json',
    download(
      'A partnership’s action plan as a JSON file (what the caller may see), in the CSV file’s words',
      'application/json',
    ),
    json,
  );

  // ---- Import

  /** The partnership of the address, if the reader may import into its plan (signed in); else a 404. */
  async function importable(request: FastifyRequest<PlanRoute>): Promise<Found> {
    const found = await partnershipFor(ctx, request, request.params.slug);
    if (!found || !mayImport(found.standing)) throw new HttpError(404);
    return found;
  }

  /** The bytes sent: a multipart form's `file`, or the body itself (`text/csv`); a problem at `file` otherwise. */
  async function sent(
    request: FastifyRequest,
  ): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; errors: FieldErrors }> {
    const { t } = request.i18n;
    const limit = { limit: IMPORT_MAX_BYTES / (1024 * 1024) };
    if (Buffer.isBuffer(request.body)) return { ok: true, bytes: request.body };
    const [file] = uploadsIn(request.body, 'file');
    if (!file || (file.size === 0 && file.filename === ''))
      return { ok: false, errors: { file: t('actions.transfer.error.noFile') } };
    if (file.problem === 'tooBig' || file.size > IMPORT_MAX_BYTES)
      return { ok: false, errors: { file: t('actions.transfer.problem.tooBig', limit) } };
    if (!file.path) throw new HttpError(503);
    return { ok: true, bytes: await readFile(file.path) };
  }

  const run = (found: Found, request: FastifyRequest, bytes: Uint8Array, dryRun: boolean, atomic: boolean) =>
    importPlan(ctx, found.id, bytes, {
      dryRun,
      atomic,
      userId: actorOf(request, signedIn).id,
      lang: found.partnership.lang,
    });

  const formPath = '/:lang/partnerships/:slug/actions/import';
  const sendForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    found: Found,
    values: ImportValues,
    errors: FieldErrors,
    report: ImportReport | null,
    status = 200,
  ) =>
    sendPage(
      reply,
      ImportPage({
        page: request.page(),
        view: { partnership: found.partnership, tabs: hubTabs(ctx), values, errors, report },
      }),
      status,
    );

  app.get<PlanRoute>(
    formPath,
    { config: { policy: signedIn }, schema: { hide: true, params: PartnershipParams } },
    async (request, reply) =>
      sendForm(request, reply, await importable(request), { mode: 'dry_run', atomic: true }, {}, null),
  );

  app.post<PlanRoute>(
    formPath,
    { config: { policy: signedIn, uploads: true }, schema: { hide: true, params: PartnershipParams } },
    async (request, reply) => {
      const found = await importable(request);
      const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
      const values: ImportValues = {
        mode: body.mode === 'import' ? 'import' : 'dry_run',
        atomic: body.atomic === 'on',
      };
      const got = await sent(request);
      if (!got.ok) return sendForm(request, reply, found, values, got.errors, null, 400);
      const report = await run(found, request, got.bytes, values.mode === 'dry_run', values.atomic);
      if (report.problems.length > 0) {
        const errors = { file: report.problems.map((p) => problemMessage(request.i18n.t, p)).join(' ') };
        return sendForm(request, reply, found, values, errors, null, 400);
      }
      // A clean dry run offers the import next; the report is the answer (it is not stored anywhere to redirect to).
      const clean = report.dryRun && report.rows.every((r) => r.outcome !== 'refused');
      return sendForm(request, reply, found, { ...values, mode: clean ? 'import' : values.mode }, {}, report);
    },
  );

  // The API takes the file as the body itself (`text/csv`) or as a multipart form's `file`. Up to
  // RECEIVED_MAX is read, so that a file over the import's limit is told so in words.
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: RECEIVED_MAX }, (_request, body, done) =>
    done(null, body),
  );
  app.post<ImportRoute>(
    '/api/v1/partnerships/:slug/actions/import',
    {
      config: { policy: signedIn, uploads: true },
      // The body's schema is checked here: a CSV body is bytes (their text is checked line by line), not a string.
      attachValidation: true,
      schema: {
        summary:
          'Imports a CSV file into a partnership’s action plan (coordinators, administrators; with a token): ' +
          'new numbers are created, numbers the plan has are updated, each with a version; ' +
          '`dry_run` reports and stores nothing, `atomic` takes nothing if any row is refused',
        tags: ['actions'],
        security: [{ bearerAuth: [] }],
        consumes: ['text/csv', 'multipart/form-data'],
        params: apiParams,
        querystring: ImportQuery,
        body: {
          content: {
            'text/csv': { schema: Type.String({ format: 'binary', description: 'The CSV file, UTF-8.' }) },
            'multipart/form-data': { schema: ImportUpload },
          },
        },
        response: { 200: ImportAnswer, ...problemResponses(400, 401, 403, 404, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const found = await importable(request);
      const invalid = request.validationError;
      if (invalid && (invalid.validationContext !== 'body' || !Buffer.isBuffer(request.body))) throw invalid;
      const got = await sent(request);
      if (!got.ok) return sendInvalidFields(request, reply, got.errors);
      const { dry_run: dryRun = false, atomic = false } = request.query;
      const report = await run(found, request, got.bytes, dryRun, atomic);
      const { t } = request.i18n;
      if (report.problems.length > 0) {
        if (report.problems.some((p) => codeOf(p) === 'tooBig'))
          throw new HttpError(413, 'actions.transfer.problem.tooBig', { limit: IMPORT_MAX_BYTES / (1024 * 1024) });
        return sendInvalidFields(request, reply, { file: report.problems.map((p) => problemMessage(t, p)).join(' ') });
      }
      return reply.send({
        dryRun: report.dryRun,
        atomic: report.atomic,
        stored: report.stored,
        counts: report.counts,
        rows: report.rows.map((r) => ({
          ...r,
          problems: r.problems.map((p) => ({
            row: p.row,
            column: p.column,
            code: codeOf(p),
            message: problemMessage(t, p),
          })),
        })),
      });
    },
  );
}
