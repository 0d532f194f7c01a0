import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieName, cookieOptions } from '../../core/http/cookies.js';
import type { ModuleContext } from '../../core/module.js';
import { DEVICE_COOKIE, DEVICE_DAYS, deviceCookieFor, type AttemptOrigin, type SignInAttempt } from './throttle.js';

/** Where a request's password attempt comes from: its address and its device cookie. */
export function attemptOrigin(ctx: ModuleContext, request: FastifyRequest): AttemptOrigin {
  return { address: request.ip, device: request.cookies[cookieName(ctx.config, DEVICE_COOKIE)] };
}

/**
 * After a right password, the browser is known to the account (a new cookie, for a year):
 * from then on it has a limit of its own and the account's ceiling does not refuse it.
 */
export function rememberDevice(ctx: ModuleContext, reply: FastifyReply, attempt: SignInAttempt): void {
  reply.setCookie(
    cookieName(ctx.config, DEVICE_COOKIE),
    deviceCookieFor(ctx.config.secret, attempt.account),
    cookieOptions(ctx.config, DEVICE_DAYS * 86_400),
  );
}
