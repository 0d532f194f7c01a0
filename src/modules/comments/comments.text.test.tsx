// A comment's plain text on the page: paragraphs and line breaks, web addresses and a line that is
// only a path of this site as links; nothing else becomes markup.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderHtml } from '../../core/shared/index.js';
import { TextBody } from './views/CommentThread.js';

const html = (text: string) => renderHtml(<TextBody text={text} />);

test('web addresses become links, without the punctuation that ends the sentence', () => {
  assert.equal(
    html('See https://example.org/a?b=1&c=2. Or (http://x.eu/y).'),
    '<div class="comment__body"><p>See <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">' +
      'https://example.org/a?b=1&amp;c=2</a>. Or (<a href="http://x.eu/y" rel="nofollow ugc noopener">' +
      'http://x.eu/y</a>).</p></div>',
  );
});

test('a line that is only a path of this site is a link; a path inside a sentence is not', () => {
  assert.equal(
    html('The pipeline:\n/en/funding?topic=digital-transition\n\nNot /en/funding here.'),
    '<div class="comment__body"><p>The pipeline:<br/><a href="/en/funding?topic=digital-transition">' +
      '/en/funding?topic=digital-transition</a></p><p>Not /en/funding here.</p></div>',
  );
});

test('no other scheme, no address of another site by //, no markup', () => {
  for (const text of [
    'javascript:alert(1)',
    '//evil.example/en/x',
    '/en/x" onmouseover="alert(1)',
    '<a href="https://x.eu">x</a>',
    'data:text/html,<script>alert(1)</script>',
  ]) {
    const out = html(text);
    assert.ok(!/<a href="(?!https?:\/\/|\/[a-z]{2}(?:[/?]|"))/.test(out), out);
    assert.ok(!out.includes('<script') && !/<[^>]*\son\w+=/.test(out), out);
  }
  assert.equal(html('javascript:alert(1)'), '<div class="comment__body"><p>javascript:alert(1)</p></div>');
  assert.equal(
    html('<a href="https://x.eu">x</a>'),
    '<div class="comment__body"><p>&lt;a href=&quot;<a href="https://x.eu" rel="nofollow ugc noopener">' +
      'https://x.eu</a>&quot;>x&lt;/a></p></div>',
  );
});
