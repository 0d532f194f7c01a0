import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { HttpError } from './http-error.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * True for a route that takes files (`multipart/form-data`). Elsewhere, and for an actor
     * its policy refuses, a file part is read and thrown away: not a byte reaches the disk.
     */
    uploads?: boolean;
  }
}

/** Where files are written while they arrive, inside the uploads folder (so keeping one is a rename). */
export const TEMPORARY_FOLDER = '.tmp';
/** Files at most per request, and fields (a post form with a file has fewer than ten). */
const LIMITS = { files: 5, fields: 30, parts: 40, fieldSize: 1024 * 1024, fieldNameSize: 100, headerPairs: 20 };
/**
 * Leftovers of a crash older than this are deleted at start (younger ones may be another node's
 * uploads in progress).
 */
const STALE_MS = 60 * 60 * 1000;
/** The `boundary` parameter of a multipart Content-Type, quoted or not. */
const BOUNDARY_CHAR = "[0-9A-Za-z'()+_,\\-./:=?]";
const BOUNDARY = new RegExp(
  `;\\s*boundary=(?:"(?:${BOUNDARY_CHAR}| ){0,69}${BOUNDARY_CHAR}"|${BOUNDARY_CHAR}{1,70})\\s*(?:;|$)`,
  'i',
);

/**
 * A file of a multipart request, as the route finds it in the body (`request.body.file`): the
 * name and type the client claimed (to check, never to trust), and where its bytes are while
 * the request lasts. A `problem` means nothing was kept: `tooBig` (over the upload limit) or
 * `unsaved` (the disk refused it; logged).
 */
export class UploadedFile {
  constructor(
    readonly field: string,
    /** The name as sent (already without any path): show it only after `cleanFileName`. */
    readonly filename: string,
    readonly clientType: string,
    /** The complete temporary file; deleted when the response is sent unless the route moved it. */
    readonly path: string | null,
    readonly size: number,
    /** SHA-256 of the bytes, hex. */
    readonly sha256: string,
    readonly problem: 'tooBig' | 'unsaved' | null,
  ) {}
}

/**
 * The files sent as `field` (none, one or several). Only the parser makes UploadedFiles, so a JSON
 * body cannot pass for one.
 */
export function uploadsIn(body: unknown, field: string): UploadedFile[] {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
  return (Array.isArray(value) ? value : [value]).filter((v): v is UploadedFile => v instanceof UploadedFile);
}

const temporaries = new WeakMap<FastifyRequest, string[]>();
/** Multipart requests whose body was read to its end (the parser's errors come before). */
const parsed = new WeakSet<FastifyRequest>();

/**
 * True for an error the multipart parser threw (busboy: "Unexpected end of form", "Malformed part
 * header" …): a body that was not a form, which is the client's fault (400), not the server's.
 */
export const malformedMultipart = (request: FastifyRequest, error: { statusCode?: unknown }): boolean =>
  typeof error.statusCode !== 'number' && request.isMultipart() && !parsed.has(request);

/**
 * Multipart forms: their fields land in `request.body` like a urlencoded form's (so the CSRF
 * check in `preHandler` reads `_csrf` as usual), and each file of a route that takes uploads
 * is streamed to a temporary file while its size and SHA-256 are counted. A file over
 * `uploadMaxBytes` is cut off at one byte more, deleted, and marked `tooBig` for the route to
 * say so on the form. Temporary files are deleted before the response goes out.
 */
export async function registerMultipart(
  app: FastifyInstance,
  config: Pick<Config, 'uploadsDir' | 'uploadMaxBytes'>,
): Promise<void> {
  const folder = path.join(config.uploadsDir, TEMPORARY_FOLDER);
  await mkdir(folder, { recursive: true });
  await sweep(folder, app);
  // Without a boundary (RFC 2046: 1 to 70 characters) the parts cannot be told apart: the
  // parser would throw, so the request is refused as malformed before it is read.
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const type = request.headers['content-type'];
    if (typeof type === 'string' && /^\s*multipart\/form-data/i.test(type) && !BOUNDARY.test(type))
      return done(new HttpError(400, 'core.error.badMultipart'));
    done(null, payload);
  });
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    throwFileSizeLimit: false,
    limits: { ...LIMITS, fileSize: config.uploadMaxBytes + 1 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      const { uploads, policy } = this.routeOptions.config;
      if (!uploads || !policy?.(this.actor)) {
        await drain(part);
        return;
      }
      part.value = await receive(this, part, folder, config.uploadMaxBytes);
    },
  });
  // After the plugin's own preValidation hook, which reads the whole body.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.isMultipart()) parsed.add(request);
    done();
  });
  // Callbacks rather than async hooks: every response passes here, and almost none has files.
  app.addHook('onSend', (request, _reply, payload, done) => {
    if (!temporaries.has(request)) return done(null, payload);
    void discardTemporaries(request).then(() => done(null, payload));
  });
  app.addHook('onRequestAbort', (request, done) => {
    if (!temporaries.has(request)) return done();
    void discardTemporaries(request).then(() => done());
  });
}

async function drain(part: MultipartFile): Promise<void> {
  for await (const _chunk of part.file) {
    // thrown away
  }
}

/** Streams one file part to a new temporary file, counting its size and hash. */
async function receive(
  request: FastifyRequest,
  part: MultipartFile,
  folder: string,
  maxBytes: number,
): Promise<UploadedFile> {
  const temporary = path.join(folder, randomBytes(16).toString('hex'));
  temporaries.set(request, [...(temporaries.get(request) ?? []), temporary]);
  const hash = createHash('sha256');
  let size = 0;
  let failure: unknown = null;
  const handle = await createFile(temporary).catch((error: unknown) => {
    failure = error;
    return null;
  });
  try {
    // The whole part is read even when writing failed, so the rest of the form still arrives.
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      size += chunk.length;
      hash.update(chunk);
      if (handle && !failure) failure = await writeAll(handle, chunk);
    }
    // On disk before it is kept: a file renamed while still in the system's write cache could be lost in a crash.
    if (handle && !failure)
      failure = await handle.datasync().then(
        () => null,
        (error: unknown) => error,
      );
  } finally {
    await handle?.close().catch((error: unknown) => {
      failure ??= error;
    });
  }
  const tooBig = part.file.truncated || size > maxBytes;
  if (failure) request.log.error({ err: failure }, 'an uploaded file could not be written');
  const kept = !failure && !tooBig;
  if (!kept) await rm(temporary, { force: true }).catch(() => {});
  return new UploadedFile(
    part.fieldname,
    part.filename,
    part.mimetype,
    kept ? temporary : null,
    size,
    hash.digest('hex'),
    tooBig ? 'tooBig' : failure ? 'unsaved' : null,
  );
}

/** A new file only this process can read; its folder is made again if someone deleted it. */
async function createFile(file: string) {
  try {
    return await open(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(path.dirname(file), { recursive: true });
    return open(file, 'wx', 0o600);
  }
}

/** Writes all of `chunk`; the error instead of throwing it. */
async function writeAll(handle: Awaited<ReturnType<typeof open>>, chunk: Buffer): Promise<unknown> {
  try {
    let written = 0;
    while (written < chunk.length) {
      const { bytesWritten } = await handle.write(chunk, written);
      if (bytesWritten === 0) throw new Error('the disk took no bytes');
      written += bytesWritten;
    }
    return null;
  } catch (error) {
    return error;
  }
}

async function discardTemporaries(request: FastifyRequest): Promise<void> {
  const files = temporaries.get(request);
  if (!files) return;
  temporaries.delete(request);
  await Promise.all(
    files.map((file) =>
      rm(file, { force: true }).catch((error: unknown) =>
        request.log.warn({ err: error }, 'a temporary upload could not be deleted'),
      ),
    ),
  );
}

/** Deletes what a crashed process left in the temporary folder. */
async function sweep(folder: string, app: FastifyInstance): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(folder)) {
    const file = path.join(folder, name);
    try {
      if (now - (await stat(file)).mtimeMs > STALE_MS) await rm(file, { force: true });
    } catch (error) {
      app.log.warn({ err: error, file }, 'a stale temporary upload could not be deleted');
    }
  }
}
