import { Button, Form } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { FollowType } from '../funding.follow.js';

export interface FollowButtonProps {
  page: PageContext;
  type: FollowType;
  /** The thing as addresses name it: an item's id, a programme's or a topic's slug. */
  targetKey: string;
  /** Its name (a topic's button says which topic). */
  title: string;
  /** Whether the reader follows it; null for a visitor (who is asked to sign in). */
  following: boolean | null;
  /** Where the reader is, with its `/{lang}` (`/en/funding/12`): the form comes back here. */
  back: string;
}

/**
 * "Follow this item / programme / topic" (or "Stop following"): a form that posts without
 * JavaScript and comes back to the page; for a visitor, a link to sign in that comes back too.
 */
export function FollowButton({ page, type, targetKey, title, following, back }: FollowButtonProps) {
  const { t } = page;
  if (following === null)
    return (
      <p class="follow">
        <a href={page.href(`/sign-in?next=${encodeURIComponent(back)}`)}>{t('funding.follow.button.signIn')}</a>
      </p>
    );
  return (
    <Form page={page} action={page.href(following ? '/funding/follows/remove' : '/funding/follows')} class="follow">
      <input type="hidden" name="type" value={type} />
      <input type="hidden" name="key" value={targetKey} />
      <input type="hidden" name="back" value={back} />
      {following ? <p>{t('funding.follow.button.following')}</p> : null}
      <p>
        <Button variant={following ? 'secondary' : 'primary'}>
          {t(`funding.follow.button.${following ? 'unfollow' : 'follow'}.${type}`, { title })}
        </Button>{' '}
        <a href={page.href('/funding/following')}>{t('funding.follow.button.manage')}</a>
      </p>
    </Form>
  );
}
