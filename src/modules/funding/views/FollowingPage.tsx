import { Button, Form, Notice } from '../../../core/views/components.js';
import { Layout } from '../../../core/views/Layout.js';
import type { PageContext } from '../../../core/views/page-context.js';
import type { Followed, FollowChoices, FollowType } from '../funding.follow.js';

export interface FollowingPageProps {
  page: PageContext;
  items: Followed[];
  closingSoonDays: number;
  /** Topics and programmes one may follow from here (those not followed yet). */
  choices: FollowChoices;
  /** What was just followed or left, to say so. */
  notice: { kind: 'followed' | 'unfollowed'; title: string } | null;
}

const GROUPS: { type: FollowType; heading: string }[] = [
  { type: 'topic', heading: 'funding.follow.following.topics' },
  { type: 'programme', heading: 'funding.follow.following.programmes' },
  { type: 'item', heading: 'funding.follow.following.items' },
];

/** What I follow in the funding register: topics, programmes and items, each with "Stop following". */
export function FollowingPage({ page, items, closingSoonDays, notice, choices }: FollowingPageProps) {
  const { t } = page;
  const back = page.href('/funding/following');
  return (
    <Layout page={page} title={t('funding.follow.following.title')}>
      <h1>{t('funding.follow.following.title')}</h1>
      {notice ? (
        <Notice kind="success">
          <p>{t(`funding.follow.following.${notice.kind}`, { title: notice.title })}</p>
        </Notice>
      ) : null}
      <p>{t('funding.follow.following.intro', { days: closingSoonDays })}</p>
      {items.length === 0 ? <p>{t('funding.follow.following.none')}</p> : null}
      {GROUPS.map(({ type, heading }) => {
        const mine = items.filter((i) => i.type === type);
        if (mine.length === 0) return null;
        return (
          <section aria-labelledby={`following-${type}`}>
            <h2 id={`following-${type}`}>{t(heading)}</h2>
            <ul class="list">
              {mine.map((item) => (
                <li>
                  <a href={page.href(item.path)}>{item.title}</a>{' '}
                  <span class="muted">{t('funding.follow.following.since', { date: page.i18n.date(item.since) })}</span>
                  <Form page={page} action={page.href('/funding/follows/remove')} class="follow">
                    <input type="hidden" name="type" value={item.type} />
                    <input type="hidden" name="key" value={item.key} />
                    <input type="hidden" name="back" value={back} />
                    <Button variant="secondary">
                      {t('funding.follow.button.unfollowNamed', { title: item.title })}
                    </Button>
                  </Form>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      <ChooseToFollow
        page={page}
        type="topic"
        back={back}
        options={choices.topics.filter((c) => !followed(items, 'topic', c.key))}
      />
      <ChooseToFollow
        page={page}
        type="programme"
        back={back}
        options={choices.programmes.filter((c) => !followed(items, 'programme', c.key))}
      />
      <p>
        <a href={page.href('/funding')}>{t('funding.follow.following.register')}</a>
      </p>
    </Layout>
  );
}

const followed = (items: Followed[], type: FollowType, key: string) =>
  items.some((i) => i.type === type && i.key === key);

/** "Follow a topic: [choice] [Follow]" (or a programme): a form that works without JavaScript. */
function ChooseToFollow({
  page,
  type,
  back,
  options,
}: {
  page: PageContext;
  type: 'topic' | 'programme';
  back: string;
  options: { key: string; title: string }[];
}) {
  const { t } = page;
  if (options.length === 0) return null;
  const id = `follow-${type}`;
  return (
    <Form page={page} action={page.href('/funding/follows')} class="follow">
      <input type="hidden" name="type" value={type} />
      <input type="hidden" name="back" value={back} />
      <div class="field">
        <label class="field__label" for={id}>
          {t(`funding.follow.choose.${type}`)}
        </label>
        <select id={id} name="key" class="input select">
          {options.map((o) => (
            <option value={o.key}>{o.title}</option>
          ))}
        </select>
      </div>
      <Button>{t(`funding.follow.choose.${type}Button`)}</Button>
    </Form>
  );
}
