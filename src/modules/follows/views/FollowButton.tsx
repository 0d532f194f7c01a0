import type { VNode } from 'preact';
import type { Actor } from '../../../core/auth/actor.js';
import type { ModuleContext } from '../../../core/module.js';
import { Button, Form } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { FollowRef } from '../follows.schema.js';
import { followStateOf } from '../follows.service.js';

export interface FollowButtonProps {
  page: PageContext;
  target: FollowRef;
  /** Whether the reader follows it; null for a visitor (asked to sign in). */
  following: boolean | null;
}

/**
 * "Follow" (or "Following — stop following"): a form that posts without JavaScript and comes back to
 * the page it is on; for a visitor, a link to sign in that comes back too. The state is the button's
 * text (a submit that changes state on the server says what it will do, not `aria-pressed`). Placed
 * in the page, never in a shared fragment: its form token and its state are the reader's own.
 */
export function FollowButton({ page, target, following }: FollowButtonProps): VNode {
  const { t } = page;
  const back = `/${page.locale}${page.path === '/' ? '/' : page.path}`;
  if (following === null)
    return (
      <p class="follow">
        <a href={`${page.href('/sign-in')}?next=${encodeURIComponent(back)}`}>{t('follows.button.signIn')}</a>
      </p>
    );
  return (
    <Form page={page} action={page.href(following ? '/follows/remove' : '/follows')} class="follow">
      <input type="hidden" name="type" value={target.type} />
      <input type="hidden" name="id" value={String(target.id)} />
      <input type="hidden" name="back" value={back} />
      <p>
        <Button variant={following ? 'secondary' : 'primary'}>
          {t(following ? 'follows.button.unfollow' : 'follows.button.follow')}
        </Button>
        {following ? (
          <>
            {' '}
            <a href={page.href('/follows')}>{t('follows.button.manage')}</a>
          </>
        ) : null}
      </p>
    </Form>
  );
}

/**
 * The follow button of `target` for this page's reader, its state read fresh (one indexed query for
 * a signed-in reader, none for a visitor): for a route's `prepare`, the HTML page only.
 */
export async function followButton(
  ctx: Pick<ModuleContext, 'db'>,
  page: PageContext & { actor: Actor },
  target: FollowRef,
): Promise<VNode> {
  return <FollowButton page={page} target={target} following={await followStateOf(ctx.db, page.actor, target)} />;
}
