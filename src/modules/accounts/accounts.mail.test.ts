import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { buildTestApp, forEachEngine } from '../../../test/helpers/app.js';
import { linkIn, readOutbox, startSmtpServer } from '../../../test/helpers/mail.js';
import { Browser, pathOf, registration, STRONG_PASSWORD } from '../../../test/support/accounts.js';

forEachEngine('accounts: mail', (engine) => {
  test(
    'with SMTP_URL, a Czech registration’s confirmation arrives at a real SMTP server, in Czech, ' +
      'and its link works',
    async (t) => {
      const smtp = await startSmtpServer();
      t.after(() => smtp.close());
      const { app, ctx } = await buildTestApp(t, engine, {
        env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, URBIS_MAIL_FROM: 'Urbis <no-reply@urbis.example.eu>' },
      });
      const browser = new Browser(app);
      const response = await browser.register(
        registration({ email: 'petr@example.cz', handle: 'petr', displayName: 'Petr Dvořák' }),
        'cs',
      );
      assert.equal(response.statusCode, 200);

      assert.equal(smtp.received.length, 1, 'one message arrived');
      const [mail] = smtp.received;
      assert.ok(mail);
      assert.deepEqual(mail.envelopeTo, ['petr@example.cz']);
      assert.match(mail.headers.from ?? '', /no-reply@urbis\.example\.eu/);
      assert.equal(mail.headers['content-language'], 'cs');
      assert.equal(mail.subject, 'Potvrďte svou e-mailovou adresu pro platformu Urbis');
      assert.match(mail.text, /^Dobrý den,\n\npro dokončení registrace účtu na platformě Urbis otevřete tento odkaz/);
      assert.match(mail.text, /Odkaz platí 48 hodin\./);
      assert.match(mail.text, /\(Zpráva pro uživatele Petr Dvořák\.\)/);
      const link = linkIn(mail, '/cs/confirm/');
      assert.equal(readOutbox(ctx.config.dataDir).length, 0, 'nothing in the outbox when SMTP is set');

      assert.equal((await browser.post(pathOf(link), {}, pathOf(link))).statusCode, 200);
      assert.equal((await browser.signIn('petr@example.cz', STRONG_PASSWORD, 'cs')).statusCode, 303);
    },
  );

  test('with SMTP_URL, a password reset mail reaches the server in the person’s own language', async (t) => {
    const smtp = await startSmtpServer();
    t.after(() => smtp.close());
    const { app } = await buildTestApp(t, engine, { env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
    await new Browser(app).register(registration(), 'cs');
    // Asked from an English page, answered in the language the person registered in.
    await new Browser(app).post('/en/password/forgot', { email: 'jana@example.eu' }, '/en/password/forgot');
    assert.equal(smtp.received.length, 2);
    assert.equal(smtp.received[1]?.subject, 'Nastavte si nové heslo pro platformu Urbis');
    assert.match(smtp.received[1]?.text ?? '', /Odkaz platí 60 minut a lze ho použít jen jednou\./);
    assert.ok(linkIn(smtp.received[1]!, '/password/reset/').includes('/cs/password/reset/'));
  });

  test('without SMTP_URL, mail is written to <data dir>/outbox as .eml files', async (t) => {
    const { app, ctx } = await buildTestApp(t, engine);
    await new Browser(app).register(registration(), 'en');
    const dir = path.join(ctx.config.dataDir, 'outbox');
    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    assert.match(files[0] ?? '', /\.eml$/);
    const [mail] = readOutbox(ctx.config.dataDir);
    assert.equal(mail?.to, 'jana@example.eu');
    assert.equal(mail?.subject, 'Confirm your e-mail address for Urbis');
    assert.ok(linkIn(mail!, '/en/confirm/'));
  });

  test(
    'when the SMTP server is down, ' + 'registration still answers and the account waits for its confirmation',
    async (t) => {
      const smtp = await startSmtpServer();
      const port = smtp.port;
      await smtp.close();
      const { app, ctx } = await buildTestApp(t, engine, { env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
      const response = await new Browser(app).register(registration());
      assert.equal(response.statusCode, 200);
      assert.match(response.body, /Check your mail/);
      const user = await ctx.db
        .selectFrom('users')
        .select('email_confirmed_at')
        .where('email', '=', 'jana@example.eu')
        .executeTakeFirstOrThrow();
      assert.equal(user.email_confirmed_at, null);
    },
  );
});
