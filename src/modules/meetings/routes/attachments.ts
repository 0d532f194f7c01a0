import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { anyone } from '../../../core/auth/policy.js';
import { sendPage } from '../../../core/http/html.js';
import { HttpError } from '../../../core/http/http-error.js';
import { uploadsIn } from '../../../core/http/multipart.js';
import { NoBody, pathId } from '../../../core/http/validation.js';
import type { ModuleContext } from '../../../core/module.js';
import { sendDownload } from '../../../core/uploads/attachments.js';
import { downloadRouteOptions, sendRefusedUpload, uploadRouteOptions } from '../../../core/uploads/routes.js';
import { hubTabs } from '../../partnerships/index.js';
import {
  attachmentsOf,
  echoAttachmentFields,
  findAttachment,
  receiveAttachment,
  removeAttachment,
} from '../meetings.attachments.js';
import { readableMeeting } from '../meetings.lookup.js';
import { presentAttachment } from '../meetings.present.js';
import type { Meeting } from '../meetings.queries.js';
import {
  AttachmentFileParams,
  AttachmentParams,
  AttachmentUpload,
  MeetingAttachment,
  MeetingParams,
} from '../meetings.schema.js';
import { AttachmentsPage, type UploadForm } from '../views/AttachmentsPage.js';
import { changeRouteOptions, meetingAddress, pageRouteOptions, plannableOf, type MeetingRoute } from './shared.js';

type AttachmentRoute = { Params: MeetingRoute['Params'] & { id: number } };
type FileRoute = { Params: { lang?: string; slug: string; number: string; id: string; filename?: string } };

const ApiMeetingParams = Type.Omit(MeetingParams, ['lang']);
const ApiAttachmentParams = Type.Omit(AttachmentParams, ['lang']);
const DONE = ['added', 'deleted'] as const;

/** A public meeting's files may be kept by shared caches; a members-only one's by the reader's browser only. */
const isPublic = (meeting: Meeting) => !meeting.membersOnly;

/** Route options that also take the files of a multipart body. */
const withUploads = <O extends { config: object }>(options: O) => ({
  ...options,
  config: { ...options.config, uploads: true },
});

/**
 * Files of a meeting (agenda, slides): the coordinators' page to add (a multipart form) and delete
 * them, and the same with a token under /api/v1; downloads for whoever may see the meeting (a 404
 * for everyone else, as for a missing file).
 */
export function attachmentRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  type Plannable = Awaited<ReturnType<typeof plannableOf>>;

  async function sendAttachmentsPage(
    request: FastifyRequest,
    reply: FastifyReply,
    got: Plannable,
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

  /** The file and the fields of an upload, checked, then kept (or a message per field). */
  const receive = (request: FastifyRequest, got: Plannable) =>
    receiveAttachment(ctx, request.i18n, got.meeting, uploadsIn(request.body, 'file'), request.body, got.actor.id);

  /** Deletes the file the address names, if the actor may plan its meeting; else a 404. */
  async function deleteNamed(request: FastifyRequest<AttachmentRoute>) {
    const got = await plannableOf(ctx, request);
    const attachment = await findAttachment(ctx.db, got.meeting.id, pathId(request.params.id));
    if (!attachment || !(await removeAttachment(ctx, got.meeting, attachment, got.actor.id))) throw new HttpError(404);
    return { ...got, attachment };
  }

  const pageAddress = (request: FastifyRequest, got: Plannable, done: (typeof DONE)[number]) =>
    meetingAddress(request, got.found.partnership.slug, got.meeting.number, '/attachments', done);

  app.get<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/attachments',
    pageRouteOptions(MeetingParams),
    async (request, reply) => {
      const got = await plannableOf(ctx, request);
      return sendAttachmentsPage(request, reply, got, { kind: 'agenda', description: '', errors: {} });
    },
  );

  app.post<MeetingRoute>(
    '/:lang/partnerships/:slug/meetings/:number/attachments',
    withUploads(pageRouteOptions(MeetingParams)),
    async (request, reply) => {
      const got = await plannableOf(ctx, request);
      const received = await receive(request, got);
      if (!received.ok)
        return sendAttachmentsPage(
          request,
          reply,
          got,
          { ...echoAttachmentFields(request.body), errors: received.errors },
          received.status,
        );
      return reply.redirect(pageAddress(request, got, 'added'), 303);
    },
  );

  app.post<AttachmentRoute>(
    '/:lang/partnerships/:slug/meetings/:number/attachments/:id/delete',
    pageRouteOptions(AttachmentParams),
    async (request, reply) => reply.redirect(pageAddress(request, await deleteNamed(request), 'deleted'), 303),
  );

  /** The file, to whoever may see its meeting; a 404 for everyone else, as for a missing one. */
  const download = async (request: FastifyRequest<FileRoute>, reply: FastifyReply) => {
    const got = await readableMeeting(ctx, request, request.params.slug, pathId(request.params.number, 'number'));
    if (!got) throw new HttpError(404);
    const attachment = await findAttachment(ctx.db, got.meeting.id, pathId(request.params.id));
    await sendDownload(ctx, request, reply, attachment, request.params.filename, isPublic(got.meeting));
    return reply;
  };

  app.get<FileRoute>(
    '/:lang/partnerships/:slug/meetings/:number/attachments/:id/:filename',
    { config: { policy: anyone }, schema: { hide: true, params: AttachmentFileParams } },
    download,
  );

  app.get<FileRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/attachments/:id',
    downloadRouteOptions({
      summary: 'Downloads a file of a meeting (for members-only meetings, with a personal access token)',
      tag: 'meetings',
      params: ApiAttachmentParams,
    }),
    download,
  );

  app.post<MeetingRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/attachments',
    uploadRouteOptions({
      summary:
        'Adds a file to a meeting: its agenda, slides or another document (multipart/form-data; coordinators, ' +
        'with a personal access token)',
      tag: 'meetings',
      params: ApiMeetingParams,
      body: AttachmentUpload,
      created: MeetingAttachment,
      bearer: true,
    }),
    async (request, reply) => {
      const got = await plannableOf(ctx, request);
      const received = await receive(request, got);
      if (!received.ok) return sendRefusedUpload(request, reply, received);
      const shown = presentAttachment(received.row, got.found.partnership.slug, got.meeting.number);
      return reply.code(201).header('Location', shown.url).send(shown);
    },
  );

  app.post<AttachmentRoute>(
    '/api/v1/partnerships/:slug/meetings/:number/attachments/:id/delete',
    changeRouteOptions({
      summary: 'Deletes a file of a meeting (coordinators)',
      params: ApiAttachmentParams,
      body: NoBody,
      ok: { 200: Type.Object({ id: Type.Integer({ description: 'The file deleted.' }) }) },
    }),
    async (request, reply) => reply.send({ id: (await deleteNamed(request)).attachment.id }),
  );
}
