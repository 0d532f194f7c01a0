import { isIP } from 'node:net';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Typed configuration, read once from the environment. */
export interface Config {
  port: number;
  host: string;
  /** `postgres://…` for PostgreSQL; otherwise the path of the SQLite file. */
  databaseUrl: string;
  dataDir: string;
  baseUrl: string;
  /** The platform time zone used to show dates. */
  timeZone: string;
  /** Secret for signing CSRF tokens; shared by every node of one installation. */
  secret: string;
  /** Requests per minute from one address before 429. */
  rateLimitPerMinute: number;
  /**
   * Which proxies' `X-Forwarded-For` names the client (Fastify's `trustProxy`): false (none), a
   * number of hops, or addresses and ranges (`127.0.0.1,10.0.0.0/8`).
   */
  trustProxy: false | number | string;
  logLevel: string;
  /** `smtp://` or `smtps://` address of the mail server; unset: mail goes to `<dataDir>/outbox`. */
  smtpUrl: string | undefined;
  /** The sender of the platform's mail. */
  mailFrom: string;
  /** True when served over HTTPS: cookies get `Secure` and the `__Host-` prefix. */
  secureCookies: boolean;
  /** Reports from different people after which a comment is hidden until a moderator looks. */
  commentReportLimit: number;
  /**
   * How old (in days) an account with a confirmed address must be for its reports to count
   * towards hiding a comment automatically (younger ones' reports reach the moderators only).
   */
  commentReporterDays: number;
  /** Where uploaded files are kept (outside anything served as is); created at start. */
  uploadsDir: string;
  /** The largest file one may upload, in bytes. */
  uploadMaxBytes: number;
  /** How long a page rendered for visitors is served from memory, at most; 0 turns the page cache off. */
  pageCacheSeconds: number;
  /** Memory the page cache may use, in MiB (its pages, compressed variants included). */
  pageCacheMegabytes: number;
  /** Memory for signed-in readers' pages kept in the lane (`http/personal-lane.ts`), in MiB; 0 turns the lane off. */
  personalLaneMegabytes: number;
  /** How many hours before a meeting its registered people are reminded by mail; 0: no reminders. */
  meetingReminderHours: number;
  /** Every how many days action leads are asked to update stale or late actions; 0: never. */
  actionReminderDays: number;
  /** An action not updated for this many days is stale (`URBIS_ACTION_STALE_DAYS`). */
  actionStaleDays: number;
  /** An open funding opportunity whose next deadline is this many days away or fewer is "closing soon". */
  fundingClosingSoonDays: number;
  /** How many days a playbook's white-label export (its files) is kept before it is deleted. */
  playbookExportDays: number;
  /** The hour (UTC, 0–23) at which notification digests go out: daily, and on Mondays the weekly one. */
  digestHour: number;
  /** A session not used for this many days ends. */
  sessionIdleDays: number;
  /** A session ends this many days after its sign-in, however much it is used. */
  sessionMaxDays: number;
}

/** A configuration value is wrong; `message` names the variable and what to do. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function readPort(env: Env): number {
  const raw = env.PORT ?? '3000';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw new ConfigError('PORT', `must be a whole number from 1 to 65535 (got "${raw}").`);
  }
  return port;
}

function readTimeZone(env: Env): string {
  const zone = env.URBIS_TIME_ZONE ?? 'Europe/Brussels';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new ConfigError('URBIS_TIME_ZONE', `must be an IANA time zone such as Europe/Brussels (got "${zone}").`);
  }
  return zone;
}

function readBaseUrl(env: Env, host: string, port: number): string {
  const raw = env.URBIS_BASE_URL ?? `http://${host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(
      'URBIS_BASE_URL',
      `must be an absolute http(s) address such as https://urbis.example.eu (got "${raw}").`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('URBIS_BASE_URL', `must start with http:// or https:// (got "${raw}").`);
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

function readDatabaseUrl(env: Env, dataDir: string): string {
  const raw = env.DATABASE_URL;
  if (!raw) return path.join(dataDir, 'urbis.sqlite');
  if (/^postgres(ql)?:\/\//.test(raw)) {
    try {
      new URL(raw);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// address.');
    }
    return raw;
  }
  if (raw.startsWith('sqlite:')) return raw.slice('sqlite:'.length).replace(/^\/\//, '') || ':memory:';
  throw new ConfigError('DATABASE_URL', `must start with postgres:// or sqlite: (got "${raw.split(':')[0]}:…").`);
}

function readWhole(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d{1,9}$/.test(raw)) throw new ConfigError(name, `must be a whole number, 0 or more (got "${raw}").`);
  return Number(raw);
}

function readPositive(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw new ConfigError(name, `must be a whole number above 0 (got "${raw}").`);
  return Number(raw);
}

/** URBIS_TRUST_PROXY: unset (trust no proxy), a number of hops, or addresses and CIDR ranges. */
function readTrustProxy(env: Env): false | number | string {
  const raw = env.URBIS_TRUST_PROXY?.trim();
  if (!raw) return false;
  if (/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 10) return Number(raw);
  const parts = raw.split(',').map((part) => part.trim());
  const address = /^(?:[0-9.]+|[0-9a-f:]+)(?:\/\d{1,3})?$/i;
  if (parts.every((part) => address.test(part) && isIP(part.split('/')[0]!) !== 0)) return parts.join(',');
  throw new ConfigError(
    'URBIS_TRUST_PROXY',
    `must be a number of proxies (1-10) or addresses and ranges separated by commas (got "${raw}").`,
  );
}

/** The secret comes from URBIS_SECRET, else from `secret.key` in the data folder, made once. */
function readSecret(env: Env, dataDir: string): string {
  if (env.URBIS_SECRET !== undefined) {
    if (env.URBIS_SECRET.length < 32) throw new ConfigError('URBIS_SECRET', 'must be at least 32 characters long.');
    return env.URBIS_SECRET;
  }
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

function readSmtpUrl(env: Env): string | undefined {
  const raw = env.SMTP_URL;
  if (!raw) return undefined;
  if (!/^smtps?:\/\/[^\s]+$/.test(raw))
    throw new ConfigError(
      'SMTP_URL',
      'must start with smtp:// or smtps://, e.g. smtp://user:pass@mail.example.eu:587.',
    );
  return raw;
}

/** URBIS_UPLOADS_DIR, else `uploads` in the data folder; made if missing. */
function readUploadsDir(env: Env, dataDir: string): string {
  const dir = path.resolve(env.URBIS_UPLOADS_DIR || path.join(dataDir, 'uploads'));
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new ConfigError(
      'URBIS_UPLOADS_DIR',
      `cannot be created at ${dir} (${(error as NodeJS.ErrnoException).code}).`,
    );
  }
  return dir;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Session lifetimes in days: idle at most as long as the absolute limit, neither above ten years. */
function readSessionDays(env: Env): { sessionIdleDays: number; sessionMaxDays: number } {
  const sessionMaxDays = readPositive(env, 'URBIS_SESSION_MAX_DAYS', 30);
  if (sessionMaxDays > 3650)
    throw new ConfigError('URBIS_SESSION_MAX_DAYS', `must be at most 3650 days (got "${sessionMaxDays}").`);
  const sessionIdleDays = readPositive(env, 'URBIS_SESSION_IDLE_DAYS', Math.min(14, sessionMaxDays));
  if (sessionIdleDays > sessionMaxDays)
    throw new ConfigError(
      'URBIS_SESSION_IDLE_DAYS',
      `must not be more than URBIS_SESSION_MAX_DAYS (${sessionMaxDays}) (got "${sessionIdleDays}").`,
    );
  return { sessionIdleDays, sessionMaxDays };
}

/** URBIS_MEETING_REMINDER_HOURS: 0 (no reminders) to 720 (thirty days); 24 unless told. */
function readMeetingReminderHours(env: Env): number {
  const hours = readWhole(env, 'URBIS_MEETING_REMINDER_HOURS', 24);
  if (hours > 720) throw new ConfigError('URBIS_MEETING_REMINDER_HOURS', `must be at most 720 hours (got "${hours}").`);
  return hours;
}

function readActionReminders(env: Env): { actionReminderDays: number; actionStaleDays: number } {
  const actionReminderDays = readWhole(env, 'URBIS_ACTION_REMINDER_DAYS', 7);
  if (actionReminderDays > 365)
    throw new ConfigError('URBIS_ACTION_REMINDER_DAYS', `must be at most 365 days (got "${actionReminderDays}").`);
  const actionStaleDays = readPositive(env, 'URBIS_ACTION_STALE_DAYS', 90);
  if (actionStaleDays > 3650)
    throw new ConfigError('URBIS_ACTION_STALE_DAYS', `must be at most 3650 days (got "${actionStaleDays}").`);
  return { actionReminderDays, actionStaleDays };
}

function readFundingClosingSoon(env: Env): number {
  const days = readPositive(env, 'URBIS_FUNDING_CLOSING_SOON_DAYS', 14);
  if (days > 365) throw new ConfigError('URBIS_FUNDING_CLOSING_SOON_DAYS', `must be at most 365 days (got "${days}").`);
  return days;
}

/** URBIS_DIGEST_HOUR: the hour of the day (UTC) notification digests go out, 0 to 23; 6 unless told. */
function readDigestHour(env: Env): number {
  const hour = readWhole(env, 'URBIS_DIGEST_HOUR', 6);
  if (hour > 23) throw new ConfigError('URBIS_DIGEST_HOUR', `must be an hour from 0 to 23 (got "${hour}").`);
  return hour;
}

function readPlaybookExportDays(env: Env): number {
  const days = readPositive(env, 'URBIS_PLAYBOOK_EXPORT_DAYS', 30);
  if (days > 365) throw new ConfigError('URBIS_PLAYBOOK_EXPORT_DAYS', `must be at most 365 days (got "${days}").`);
  return days;
}

/** Reads and checks the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const port = readPort(env);
  const host = env.HOST ?? '127.0.0.1';
  if (!/^[\w.:-]+$/.test(host)) throw new ConfigError('HOST', `must be a host name or IP address (got "${host}").`);
  const dataDir = path.resolve(env.URBIS_DATA_DIR ?? 'data');
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new ConfigError(
      'URBIS_DATA_DIR',
      `cannot be created at ${dataDir} (${(error as NodeJS.ErrnoException).code}).`,
    );
  }
  const baseUrl = readBaseUrl(env, host, port);
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}").`);
  return {
    port,
    host,
    dataDir,
    databaseUrl: readDatabaseUrl(env, dataDir),
    baseUrl,
    timeZone: readTimeZone(env),
    secret: readSecret(env, dataDir),
    rateLimitPerMinute: readPositive(env, 'URBIS_RATE_LIMIT', 600),
    trustProxy: readTrustProxy(env),
    logLevel,
    smtpUrl: readSmtpUrl(env),
    mailFrom: env.URBIS_MAIL_FROM ?? `Urbis <no-reply@${new URL(baseUrl).hostname}>`,
    secureCookies: baseUrl.startsWith('https:'),
    commentReportLimit: readPositive(env, 'URBIS_COMMENT_REPORT_LIMIT', 3),
    commentReporterDays: readWhole(env, 'URBIS_COMMENT_REPORTER_DAYS', 7),
    uploadsDir: readUploadsDir(env, dataDir),
    uploadMaxBytes: readPositive(env, 'URBIS_UPLOAD_MAX_BYTES', 10 * 1024 * 1024),
    pageCacheSeconds: readWhole(env, 'URBIS_PAGE_CACHE_SECONDS', 60),
    pageCacheMegabytes: readPositive(env, 'URBIS_PAGE_CACHE_MB', 64),
    personalLaneMegabytes: readWhole(env, 'URBIS_PERSONAL_LANE_MB', 64),
    meetingReminderHours: readMeetingReminderHours(env),
    ...readActionReminders(env),
    fundingClosingSoonDays: readFundingClosingSoon(env),
    playbookExportDays: readPlaybookExportDays(env),
    digestHour: readDigestHour(env),
    ...readSessionDays(env),
  };
}
