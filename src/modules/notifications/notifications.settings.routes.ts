import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { signedIn } from '../../core/auth/policy.js';
import type { FieldErrors } from '../../core/http/forms.js';
import { actorOf, sendInvalidFields } from '../../core/http/handlers.js';
import { sendPage } from '../../core/http/html.js';
import { problemResponses } from '../../core/http/problem.js';
import { pageRoute } from '../../core/http/routes.js';
import type { ModuleContext, NotificationDelivery } from '../../core/module.js';
import type { Translator } from '../../core/i18n/translator.js';
import {
  declaredKinds,
  isDelivery,
  saveChoices,
  settingsOf,
  type DeclaredKind,
  type KindSetting,
} from './notifications.delivery.js';
import { NotificationSettings, NotificationSettingsBody } from './notifications.schema.js';
import { SettingsPage, type KindGroup } from './views/SettingsPage.js';

/** A kind's label on the settings page: its module's message `<kind>.setting`, else the kind itself. */
export function kindLabel(t: Translator['t'], kind: string): string {
  const label = t(`${kind}.setting`);
  return label === `${kind}.setting` ? kind : label;
}

/** The heading of a module's kinds: its message `<module>.notifications.group`, else its id. */
function groupTitle(t: Translator['t'], module: string): string {
  const title = t(`${module}.notifications.group`);
  return title === `${module}.notifications.group` ? module : title;
}

/** The settings as the page shows them: by module, in registry order. */
function groupsOf(t: Translator['t'], settings: readonly KindSetting[]): KindGroup[] {
  const groups = new Map<string, KindGroup>();
  for (const s of settings) {
    let group = groups.get(s.module);
    if (!group) groups.set(s.module, (group = { module: s.module, title: groupTitle(t, s.module), kinds: [] }));
    group.kinds.push({
      kind: s.kind,
      label: kindLabel(t, s.kind),
      delivery: s.delivery,
      defaultDelivery: s.defaultDelivery,
    });
  }
  return [...groups.values()];
}

/**
 * What a form or a body asks to change, checked: each field a declared kind, each value a
 * delivery. Problems by kind (the page shows them at their fieldset; the API points at them).
 */
function checkChoices(
  kinds: ReadonlyMap<string, DeclaredKind>,
  sent: Readonly<Record<string, unknown>>,
  t: Translator['t'],
  unknownKinds: 'refuse' | 'ignore',
): { choices: Map<string, NotificationDelivery>; errors: FieldErrors } {
  const choices = new Map<string, NotificationDelivery>();
  const errors: FieldErrors = {};
  for (const [kind, value] of Object.entries(sent)) {
    if (!kinds.has(kind)) {
      if (unknownKinds === 'refuse') errors[kind] = t('notifications.settings.unknownKind');
      continue;
    }
    if (!isDelivery(value)) errors[kind] = t('notifications.settings.unknownDelivery');
    else choices.set(kind, value);
  }
  return { choices, errors };
}

/**
 * Notification settings: `/{lang}/notifications/settings` (the page, a form that posts back) and
 * `/api/v1/notifications/settings` (GET; PUT with the kinds to change). Each person's choice per
 * kind of notification: mailed at once, in the daily or weekly digest, or never.
 */
export function registerSettingsRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  const kinds = () => declaredKinds(ctx.modules);
  const digests = { hour: ctx.config.digestHour, weeklyOn: 'monday' as const };
  const present = (t: Translator['t'], settings: readonly KindSetting[]) => ({
    kinds: settings.map((s) => ({ ...s, label: kindLabel(t, s.kind) })),
    digests,
  });

  pageRoute(app, {
    path: '/notifications/settings',
    policy: signedIn,
    summary: 'My notification settings: how each kind of notification is mailed to me',
    tag: 'notifications',
    response: NotificationSettings,
    querystring: Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })) }),
    load: async ({ actor, request, query }) => ({
      ...present(request.i18n.t, await settingsOf(ctx.db, kinds(), actor.id)),
      saved: query.saved === '1',
    }),
    render: (data, page) =>
      SettingsPage({
        page,
        groups: groupsOf(page.t, data.kinds),
        hour: data.digests.hour,
        saved: data.saved,
      }),
  });

  app.post('/:lang/notifications/settings', { config: { policy: signedIn } }, async (request, reply) => {
    const actor = actorOf(request, signedIn);
    const { t } = request.i18n;
    const body = { ...((request.body as Record<string, unknown> | undefined) ?? {}) };
    delete body._csrf;
    const declared = kinds();
    // A form sends the kinds it shows; anything else in it is not ours to store (ignored).
    const { choices, errors } = checkChoices(declared, body, t, 'ignore');
    if (Object.keys(errors).length > 0) return sendAgain(request, reply, declared, actor.id, choices, errors);
    await saveChoices(ctx.db, declared, actor.id, choices);
    return reply.redirect(request.page().href('/notifications/settings?saved=1'), 303);
  });

  /** The page again with what was sent and the problems at their kinds (400). */
  async function sendAgain(
    request: FastifyRequest,
    reply: FastifyReply,
    declared: ReadonlyMap<string, DeclaredKind>,
    userId: number,
    sent: ReadonlyMap<string, NotificationDelivery>,
    errors: FieldErrors,
  ) {
    const settings = (await settingsOf(ctx.db, declared, userId)).map((s) => ({
      ...s,
      delivery: sent.get(s.kind) ?? s.delivery,
    }));
    const page = request.page();
    return sendPage(reply, SettingsPage({ page, groups: groupsOf(page.t, settings), hour: digests.hour, errors }), 400);
  }

  app.put<{ Body: NotificationSettingsBody }>(
    '/api/v1/notifications/settings',
    {
      config: { policy: signedIn },
      schema: {
        summary: 'Change how kinds of notification are mailed to me (the kinds not sent stay as they are)',
        tags: ['notifications'],
        security: [{ bearerAuth: [] }],
        body: NotificationSettingsBody,
        response: { 200: NotificationSettings, ...problemResponses(400, 401, 403, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request, signedIn);
      const { t } = request.i18n;
      if (request.body.deliveries === undefined)
        return sendInvalidFields(request, reply, { deliveries: t('core.field.required') });
      const declared = kinds();
      const { choices, errors } = checkChoices(declared, request.body.deliveries, t, 'refuse');
      if (Object.keys(errors).length > 0)
        return sendInvalidFields(
          request,
          reply,
          Object.fromEntries(Object.entries(errors).map(([kind, message]) => [`deliveries/${kind}`, message])),
        );
      await saveChoices(ctx.db, declared, actor.id, choices);
      return present(t, await settingsOf(ctx.db, declared, actor.id));
    },
  );
}
