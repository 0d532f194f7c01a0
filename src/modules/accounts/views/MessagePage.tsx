import type { ComponentChildren } from 'preact';
import { Notice } from '../../../core/views/components.js';
import type { PageContext } from '../../../core/views/page-context.js';
import { AccountPage } from './parts.js';

/**
 * A page that only tells something: "check your mail", "this link does not work any more",
 * "your address is confirmed". `links` are where to go next.
 */
export function MessagePage({
  page,
  title,
  kind = 'info',
  text,
  links = [],
  children,
}: {
  page: PageContext;
  title: string;
  kind?: 'info' | 'success' | 'warning';
  text: string[];
  links?: { label: string; path: string }[];
  children?: ComponentChildren;
}) {
  return (
    <AccountPage page={page} title={title}>
      <Notice kind={kind}>
        {text.map((line) => (
          <p>{line}</p>
        ))}
      </Notice>
      {children}
      {links.length > 0 ? (
        <ul>
          {links.map((link) => (
            <li>
              <a href={page.href(link.path)}>{link.label}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </AccountPage>
  );
}
