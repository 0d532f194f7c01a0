import { JobRunner } from '../../src/core/jobs/queue.js';
import { createLogger } from '../../src/core/logger.js';
import type { Mail } from '../../src/core/mail/mailer.js';
import type { ModuleContext } from '../../src/core/module.js';

/**
 * A "process" for a module's mail jobs: its job handlers (`jobs`, e.g. a module's `reminderJobs`)
 * over a context whose mailer records what it is given in `sent`, or refuses the next
 * `refuse.times` mails (a mail server that says no). `own` is that context.
 */
export function recordingProcess(
  ctx: ModuleContext,
  jobs: (ctx: ModuleContext) => Record<string, (payload: unknown) => Promise<void>>,
  sent: Mail[],
  refuse = { times: 0 },
) {
  const mailer = {
    async send(mail: Mail) {
      if (refuse.times > 0) {
        refuse.times--;
        throw new Error('mail server said no');
      }
      sent.push(mail);
    },
  };
  const own: ModuleContext = { ...ctx, mailer };
  const runner = new JobRunner(ctx.db, ctx.dialect, new Map(Object.entries(jobs(own))), createLogger('silent'));
  return { own, runner };
}
