import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import type { UrbisModule } from '../../core/module.js';
import { checkNewUser, createUser } from './accounts.service.js';

type Open = Parameters<NonNullable<UrbisModule['commands']>>[1];

/** `urbis user create`: makes an account from the command line (the first admin, say). */
export function registerAccountCommands(program: Command, open: Open): void {
  const user = program.command('user').description('manage accounts');
  user
    .command('create')
    .description('create an account; with --admin, a platform administrator')
    .requiredOption('--email <address>', 'the e-mail address to sign in with')
    .requiredOption('--name <display name>', 'the name shown to others')
    .option('--handle <handle>', 'the address of the profile page (default: from the e-mail)')
    .option('--admin', 'make the account a platform administrator', false)
    .option('--password <password>', 'the password (default: read URBIS_PASSWORD, else generate and print one)')
    .action(async (options: { email: string; name: string; handle?: string; admin: boolean; password?: string }) => {
      const ctx = await open();
      try {
        const generated = !options.password && !process.env.URBIS_PASSWORD;
        const password = options.password ?? process.env.URBIS_PASSWORD ?? randomBytes(12).toString('base64url');
        const handle =
          options.handle ??
          (options.email.split('@')[0] ?? '')
            .toLowerCase()
            .replace(/[^a-z0-9-]+/g, '-')
            .replace(/^-+|-+$/g, '')
            .padEnd(3, '0')
            .slice(0, 40);
        const input = { email: options.email, handle, displayName: options.name, password, isAdmin: options.admin };
        const problems = await checkNewUser(ctx.db, input);
        const english: Record<string, string> = {
          'accounts.problem.email': 'is not an e-mail address',
          'accounts.problem.emailTaken': 'already has an account',
          'accounts.problem.handle': 'must be 3–40 lower-case letters, digits or dashes',
          'accounts.problem.handleTaken': 'is taken',
          'accounts.problem.displayName': 'must be 1–100 characters',
          'accounts.problem.passwordLength': 'must be 12–128 characters',
          'accounts.problem.passwordCommon': 'is one of the 10,000 most common passwords; choose another',
        };
        const lines = Object.entries(problems).map(([field, key]) => `${field}: ${english[key ?? ''] ?? key}`);
        if (lines.length > 0) {
          console.error(`The account was not created:\n  ${lines.join('\n  ')}`);
          process.exitCode = 1;
          return;
        }
        const id = await createUser(ctx.db, input);
        await ctx.audit({
          actorId: null,
          action: options.admin ? 'accounts.createAdmin' : 'accounts.create',
          subjectType: 'user',
          subjectId: String(id),
          details: { by: 'command' },
        });
        console.log(`Created ${options.admin ? 'administrator' : 'account'} ${input.email} (handle ${handle}).`);
        if (generated) console.log(`Password: ${password}\nKeep it safe; it is not shown again.`);
      } finally {
        await ctx.close();
      }
    });
}
