import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { isSignedIn } from '../../core/auth/actor.js';
import { anyone } from '../../core/auth/policy.js';
import { HttpError } from '../../core/http/http-error.js';
import { pageRoute } from '../../core/http/routes.js';
import type { ModuleContext } from '../../core/module.js';
import { renderSections } from '../../core/sections.js';
import type { PageContext } from '../../core/views/page-context.js';
import { sendPage } from '../../core/http/html.js';
import { listOrganisations, organisationDisplayName } from '../organisations/index.js';
import { findUserByHandle } from '../accounts/index.js';
import { followButton } from '../follows/index.js';
import { EU_LANGUAGES } from '../../core/i18n/locales.js';
import { isOwnProfile, mayEditOwnProfile } from './people.policy.js';
import { HandleParams, Profile } from './people.schema.js';
import { loadProfile, profileFormValues, saveProfile, type ProfileFormValues } from './people.service.js';
import { PrivacyPage } from './views/PrivacyPage.js';
import { ProfilePage } from './views/ProfilePage.js';
import { ProfileSettingsPage, type OrganisationOption } from './views/ProfileSettingsPage.js';
import { TermsPage } from './views/TermsPage.js';

/** Every organisation, named in the reader's language and in that order, for the settings' select. */
async function organisationOptions(ctx: ModuleContext, locale: string): Promise<OrganisationOption[]> {
  const options: OrganisationOption[] = [];
  let after: Parameters<typeof listOrganisations>[3];
  do {
    const page = await listOrganisations(ctx.db, {}, 100, after);
    options.push(...page.items.map((org) => ({ slug: org.slug, name: organisationDisplayName(org, locale) })));
    after = page.next ?? undefined;
  } while (after);
  const collator = new Intl.Collator(locale);
  return options.sort((a, b) => collator.compare(a.name, b.name));
}

export function registerPeopleRoutes(app: FastifyInstance, ctx: ModuleContext): void {
  pageRoute(app, {
    path: '/people/:handle',
    policy: anyone,
    summary: 'A person’s public profile: name, organisations, languages spoken, bio',
    tag: 'people',
    params: HandleParams,
    response: Profile,
    // The person sees their own organisations whose affiliation is not confirmed yet, marked so.
    load: ({ params, actor }) => loadProfile(ctx.db, params.handle, isSignedIn(actor) ? actor.id : null),
    // Other modules' blocks (a person's partnerships, …), for the HTML page only.
    prepare: async (profile, page) => {
      const sections = await renderSections(ctx, page, 'profile', { handle: profile.handle });
      // The reader's own follow button (follows module), read fresh; none on one's own profile.
      const person = isOwnProfile(page.actor, profile.handle) ? null : await findUserByHandle(ctx.db, profile.handle);
      const follow = person ? await followButton(ctx, page, { type: 'person', id: person.id }) : null;
      return { sections, follow };
    },
    render: (profile, page, request, { sections, follow }) =>
      ProfilePage({ page, profile, own: isOwnProfile(request.actor, profile.handle), sections, follow }),
  });

  const settingsPage = async (
    page: PageContext,
    values: ProfileFormValues,
    errors: Record<string, string>,
    saved = false,
  ) => {
    if (!isSignedIn(page.actor)) throw new HttpError(404);
    return ProfileSettingsPage({
      page,
      handle: page.actor.handle,
      values,
      errors,
      organisations: await organisationOptions(ctx, page.locale),
      saved,
    });
  };

  app.get('/:lang/settings/profile', { config: { policy: mayEditOwnProfile } }, async (request, reply) => {
    const actor = request.actor;
    if (!isSignedIn(actor)) throw new HttpError(404);
    const values = await profileFormValues(ctx.db, actor, EU_LANGUAGES);
    const saved = (request.query as Record<string, unknown> | undefined)?.saved === '1';
    return sendPage(reply, await settingsPage(request.page(), values, {}, saved));
  });

  app.post('/:lang/settings/profile', { config: { policy: mayEditOwnProfile } }, async (request, reply) => {
    const actor = request.actor;
    if (!isSignedIn(actor)) throw new HttpError(404);
    const page = request.page();
    // Whose profile is the session's, never a field of the form.
    const result = await saveProfile(ctx.db, actor.id, request.body, ctx.languages, page.t);
    if (!result.ok) return sendPage(reply, await settingsPage(page, result.values, result.errors), 400);
    // A newly chosen interface language shows at once.
    return reply.redirect(`/${result.locale ?? request.locale}/settings/profile?saved=1`, 303);
  });

  pageRoute(app, {
    path: '/terms',
    policy: anyone,
    summary: 'Terms of use',
    tag: 'people',
    api: false,
    response: Type.Object({}),
    load: async () => ({}),
    render: (_data, page) => TermsPage({ page }),
  });

  pageRoute(app, {
    path: '/privacy',
    policy: anyone,
    summary: 'Privacy notice',
    tag: 'people',
    api: false,
    response: Type.Object({}),
    load: async () => ({}),
    render: (_data, page) => PrivacyPage({ page }),
  });
}
