import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { anyone, signedIn } from '../../../core/auth/policy.js';
import { sendInvalidFields } from '../../../core/http/handlers.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { uploadsIn } from '../../../core/http/multipart.js';
import { problemResponses } from '../../../core/http/problem.js';
import { NoBody, pathId } from '../../../core/http/validation.js';
import type { ModuleContext } from '../../../core/module.js';
import { hubTabs } from '../../partnerships/index.js';
import {
  attachmentsOf,
  echoAttachmentFields,
  findAttachment,
  receiveAttachment,
  removeAttachment,
  sendAttachment,
  urlNameOfAttachment,
} from '../meetings.attachments.js';
import { plannableMeeting, readableMeeting } from '../meetings.lookup.js';
import { meetingPath, presentAttachment } from '../meetings.present.js';
import type { Meeting } from '../meetings.queries.js';
import {
  AttachmentFileParams,
  AttachmentParams,
  AttachmentUpload,
  MeetingAttachment,
  MeetingParams,
} from '../meetings.schema.js';
import { AttachmentsPage, type UploadForm } from '../views/AttachmentsPage.js';

type MeetingRoute = { Params: { lang: string; slug: string; number: string } };
type AttachmentRoute = { Params: { lang: string; slug: string; number: string; id: string } };
type FileRoute = { Params: { lang?: string; slug: string; number: string; id: string; filename?: string } };

const ApiMeetingParams = Type.Omit(MeetingParams, ['lang']);
const ApiAttachmentParams = Type.Omit(AttachmentParams, ['lang']);
const DONE = ['added', 'deleted'] as const;

/** A public meeting's files may be kept by shared caches; a members-only one's by the reader's browser only. */
const isPublic = (meeting: Meeting) => !meeting.membersOnly;

/**
 * Files of a meeting (agenda, slides): the coordinators' page to add (a multipart form) and delete
 * them, and the same with a token under /api/v1; downloads for whoever may see the meeting (a 404
 * for everyone else, as for a missing file).
 */
export function attachmentRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const plannable = (request: FastifyRequest, slug: string, number: string) =>
    plannableMeeting(ctx, request, slug, pathId(number, 'number'));

  async function sendAttachmentsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    got: Awaited<ReturnType<typeof plannable>>,
    upload: UploadForm,
    status = 200,
  ) {
    const { found, meeting } = got;
    const rows = await attachmentsOf(ctx.db, meeting.id);
    const query = request.query as Record<string, unknown> | undefined;
    const done = DONE.find((d) => d === query?.done) ?? null;
    return sendPage(
      reply,
      AttachmentsPage({
        page: request.page(),
        partnership: found.partnership,
        tabs: hubTabs(ctx),
        meeting,
        attachments: rows.map((r) => presentAttachment(r, found.partnership.slug, meeting.number)),
        maxBytes: ctx.config.uploadMaxBytes,
        upload,
        done: status === 200 ? done : null,
      }),
      status,
    );
  }

  const pagePath = (request: FastifyRequest, slug: string, number: number) =>
    `/${request.locale}${meetingPath(slug, number)}/attachments`;

  app.get<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/attachments',
    { config: { policy: signedIn }, schema: { hide: true, params: MeetingParams } },
    async (request, reply) => {
      const got = await plannable(request, request.params.slug, request.params.number);
      return sendAttachmentsPage(request, reply, got, { kind: 'agenda', description: '', errors: {} });
    },
  );

  app.post<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/attachments',
    { config: { policy: signedIn, uploads: true }, schema: { hide: true, params: MeetingParams } },
    async (request, reply) => {
      const got = await plannable(request, request.params.slug, request.params.number);
      const received = await receiveAttachment(
        ctx,
        request.i18n,
        got.meeting,
        uploadsIn(request.body, 'file'),
        request.body,
        got.actor.id,
      );
      if (!received.ok)
        return sendAttachmentsPage(
          request,
          reply,
          got,
          { ...echoAttachmentFields(request.body), errors: received.errors },
          received.status,
        );
      return reply.redirect(`${pagePath(request, request.params.slug, got.meeting.number)}?done=added`, 303);
    },
  );

  app.post<AttachmentRoute>(
    '/:lang/partnerships/:slug/meetings/:number/attachments/:id/delete',
    { config: { policy: signedIn }, schema: { hide: true, params: AttachmentParams } },
    async (request, reply) => {
      const got = await plannable(request, request.params.slug, request.params.number);
      const attachment = await findAttachment(ctx.db, got.meeting.id, pathId(request.params.id));
      if (!attachment || !(await removeAttachment(ctx, got.meeting, attachment, got.actor.id)))
        throw new HttpError(404);
      return reply.redirect(`${pagePath(request, request.params.slug, got.meeting.number)}?done=deleted`, 303);
    },
  );

  /** The file, to whoever may see its meeting; a 404 for everyone else, as for a missing one. */
  const download = async (request: FastifyRequest<FileRoute>, reply: FastifyReply) => {
    const got = await readableMeeting(ctx, request, request.params.slug, pathId(request.params.number, 'number'));
    const attachment = got ? await findAttachment(ctx.db, got.meeting.id, pathId(request.params.id)) : null;
    if (!got || !attachment) throw new HttpError(404);
    // The name in the address is the one the meeting's page links to; any other is not this file.
    if (
      request.params.filename !== undefined &&
      request.params.filename !== urlNameOfAttachment({ name: attachment.name, type: attachment.media_type })
    )
      throw new HttpError(404);
    if (!(await sendAttachment(ctx, request, reply, attachment, isPublic(got.meeting)))) throw new HttpError(404);
    return reply;
  };

  app.get<FileRoute>(
    '/:lang/partnerships/:slug/meetings/:number/attachments/:id/:filename',
    { config: { policy: anyone }, schema: { hide: true, params: AttachmentFileParams } },
    download,
  );

  app.get<FileRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/attachments/:id',
    {
      config: { policy: anyone },
      schema: {
        summary: 'Downloads a file of a meeting (for members-only meetings, with a personal access token)',
        tags: ['meetings'],
        params: ApiAttachmentParams,
        response: {
          200: {
            description: 'The file, as an attachment, of the media type found from its content.',
            content: { '*/*': { schema: Type.String({ format: 'binary' }) } },
          },
          304: { description: 'Not modified: the `ETag` sent in `If-None-Match` is still the file’s.' },
          ...problemResponses(400, 401, 404, 429),
        },
      },
    },
    download,
  );

  app.post<MeetingRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/attachments',
    {
      config: { policy: signedIn, uploads: true },
      schema: {
        summary:
          'Adds a file to a meeting: its agenda, slides or another document (multipart/form-data; coordinators, ' +
          'with a personal access token)',
        tags: ['meetings'],
        consumes: ['multipart/form-data'],
        security: [{ bearerAuth: [] }],
        params: ApiMeetingParams,
        body: AttachmentUpload,
        response: { 201: MeetingAttachment, ...problemResponses(400, 401, 403, 404, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const got = await plannable(request, request.params.slug, request.params.number);
      const received = await receiveAttachment(
        ctx,
        request.i18n,
        got.meeting,
        uploadsIn(request.body, 'file'),
        request.body,
        got.actor.id,
      );
      if (!received.ok) {
        if (received.status === 503) throw new HttpError(503);
        return sendInvalidFields(request, reply, received.errors);
      }
      const shown = presentAttachment(received.row, got.found.partnership.slug, got.meeting.number);
      return reply.code(201).header('Location', shown.url).send(shown);
    },
  );

  app.post<AttachmentRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/attachments/:id/delete',
    {
      config: { policy: signedIn },
      schema: {
        summary: 'Deletes a file of a meeting (coordinators)',
        tags: ['meetings'],
        security: [{ bearerAuth: [] }],
        params: ApiAttachmentParams,
        body: NoBody,
        response: {
          200: Type.Object({ id: Type.Integer({ description: 'The file deleted.' }) }),
          ...problemResponses(400, 401, 403, 404, 413, 415, 429),
        },
      },
    },
    async (request, reply) => {
      const got = await plannable(request, request.params.slug, request.params.number);
      const attachment = await findAttachment(ctx.db, got.meeting.id, pathId(request.params.id));
      if (!attachment || !(await removeAttachment(ctx, got.meeting, attachment, got.actor.id)))
        throw new HttpError(404);
      return reply.send({ id: attachment.id });
    },
  );
}
