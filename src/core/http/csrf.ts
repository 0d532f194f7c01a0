import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { KeptValues } from '../kept-values.js';
import { cookieName, cookieOptions } from './cookies.js';

/**
 * CSRF protection by a signed double submit: a random secret in an HttpOnly cookie, and in
 * each form a token that is the HMAC of that secret. A page from another site can neither
 * read the cookie nor forge the token.
 */
export class Csrf {
  readonly cookie: string;
  constructor(private readonly config: Config) {
    this.cookie = cookieName(config, 'urbis_csrf');
  }

  /** Tokens already worked out, by secret (an HMAC per page view cost ~10 µs); a few thousand at most. */
  private readonly signed = new KeptValues<string>(5000);

  private sign(secret: string): string {
    return this.signed.get(secret, () => createHmac('sha256', this.config.secret).update(secret).digest('base64url'));
  }

  /** The token for this request's forms; sets the secret cookie on the reply if it has none. */
  token(request: FastifyRequest, reply: FastifyReply): string {
    let secret = request.cookies[this.cookie];
    if (!secret || secret.length > 64) {
      secret = randomBytes(24).toString('base64url');
      request.cookies[this.cookie] = secret;
      reply.setCookie(this.cookie, secret, cookieOptions(this.config));
    }
    return this.sign(secret);
  }

  /** True when the request carries the token that matches its cookie. */
  verify(request: FastifyRequest): boolean {
    const secret = request.cookies[this.cookie];
    const body = request.body as Record<string, unknown> | undefined;
    const sent = (body && typeof body === 'object' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
    if (!secret || typeof sent !== 'string') return false;
    const expected = Buffer.from(this.sign(secret));
    const actual = Buffer.from(sent);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
