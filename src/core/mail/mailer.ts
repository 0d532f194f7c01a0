import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from '../logger.js';

/** One message to one person, already in their language. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** The language the message is written in (Content-Language). */
  lang: string;
  /**
   * More header fields, by name (e.g. `List-Unsubscribe` and `List-Unsubscribe-Post`, RFC 8058).
   * Values are plain ASCII (a URL in angle brackets, say); names are those of RFC 5322 fields.
   */
  headers?: Readonly<Record<string, string>>;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export interface MailerOptions {
  /** `smtp://…` or `smtps://…` sends for real; without it, messages go to the outbox folder. */
  smtpUrl?: string;
  /** Where outbox messages are written, one `.eml` file each. */
  outboxDir: string;
  from: string;
  log: Logger;
}

/**
 * Sends mail through SMTP when configured; otherwise writes each message as an `.eml` file
 * to the outbox folder and logs it, so a demo or a developer sees every message.
 */
export function createMailer(options: MailerOptions): Mailer {
  const transport = options.smtpUrl
    ? nodemailer.createTransport(options.smtpUrl)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const info = await transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        headers: { ...mail.headers, 'Content-Language': mail.lang },
      });
      if (options.smtpUrl) {
        options.log.info({ to: mail.to, subject: mail.subject }, 'mail sent');
        return;
      }
      mkdirSync(options.outboxDir, { recursive: true });
      const file = path.join(
        options.outboxDir,
        `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.eml`,
      );
      writeFileSync(file, (info as unknown as { message: Buffer }).message);
      options.log.info({ to: mail.to, subject: mail.subject, file }, 'mail written to the outbox');
    },
  };
}
