import type { Config } from '../config.js';

/** Cookie names: `__Host-` prefixed over HTTPS (bound to this host, path /, Secure). */
export function cookieName(config: Config, base: string): string {
  return config.secureCookies ? `__Host-${base}` : base;
}

export function cookieOptions(config: Config, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.secureCookies,
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}
