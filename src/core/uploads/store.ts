import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../logger.js';

const KEY = /^[0-9a-f]{32}$/;

/**
 * Uploaded files on disk, under `URBIS_UPLOADS_DIR`, each by a random key (never anything
 * derived from its name): `<dir>/<first two hex digits>/<key>`. Files arrive complete in the
 * same folder tree (`multipart.ts` writes them to `<dir>/.tmp` first), so keeping one is a
 * rename: a file is there whole or not at all.
 */
export class FileStore {
  constructor(
    readonly root: string,
    private readonly log: Logger,
  ) {}

  /** Where the file of `key` lives. */
  pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error('not a storage key');
    return path.join(this.root, key.slice(0, 2), key);
  }

  /** Moves a complete temporary file into the store; returns its new key. */
  async keep(temporary: string): Promise<string> {
    const key = randomBytes(16).toString('hex');
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(temporary, target);
    return key;
  }

  /** Opens the file of `key` for reading; null (logged) when it is missing. */
  async open(key: string) {
    try {
      return await open(this.pathOf(key), 'r');
    } catch (error) {
      this.log.error({ err: error, key }, 'an uploaded file is missing from the store');
      return null;
    }
  }

  /** Deletes the file of `key`; a failure is logged, never thrown (the record is gone either way). */
  async remove(key: string): Promise<void> {
    try {
      await rm(this.pathOf(key), { force: true });
    } catch (error) {
      this.log.warn({ err: error, key }, 'an uploaded file could not be deleted');
    }
  }
}

/** A kept file as it goes out: what it is, and how it may be kept and shown. */
export interface StoredFile {
  key: string;
  sha256: string;
  size: number;
  /** The media type sent (the sniffed one, with its charset for text). */
  type: string;
  /** `Content-Disposition` (`contentDisposition(name)` from `names.ts`). */
  disposition: string;
  cacheControl: string;
}

/**
 * Sends a kept file: its SHA-256 as ETag (a matching `If-None-Match` gets a 304), `nosniff`
 * and a sandboxing CSP in case it is opened on its own. True once the answer is sent; false
 * when the file is missing (logged). Never the reply itself: a reply is thenable, so an async
 * function that returns it hands the caller `undefined` once the response has finished.
 */
export async function sendStoredFile(
  request: FastifyRequest,
  reply: FastifyReply,
  store: FileStore,
  file: StoredFile,
): Promise<boolean> {
  const etag = `"${file.sha256}"`;
  reply.header('Cache-Control', file.cacheControl);
  reply.header('ETag', etag);
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
  if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
    reply.code(304).send();
    return true;
  }
  const handle = await store.open(file.key);
  if (!handle) return false;
  reply.header('Content-Type', file.type);
  reply.header('Content-Disposition', file.disposition);
  reply.header('Content-Length', String(file.size));
  reply.send(handle.createReadStream());
  return true;
}
