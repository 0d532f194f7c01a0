// plainText: summaries of Markdown, kept by source.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plainText } from './news.markdown.js';

test('plainText: the text of a Markdown source, cut at max with an ellipsis, the same on a second call', () => {
  assert.equal(
    plainText('## Heading\n\nSome **bold** text and a [link](https://example.eu).', 300),
    'Heading Some bold text and a link.',
  );
  const long = Array.from({ length: 400 }, (_, i) => `Sentence number ${i} of a long description.`).join('\n\n');
  const summary = plainText(long, 200);
  assert.equal(summary.length, 200);
  assert.ok(summary.endsWith('…'));
  assert.ok(summary.startsWith('Sentence number 0 of a long description. Sentence number 1'));
  assert.equal(plainText(long, 200), summary, 'the same when kept');
  assert.equal(plainText(long, 50).length, 50, 'kept apart by max');
  // Nothing but text, shorter than max: whole, without an ellipsis.
  assert.equal(plainText('Short.', 100), 'Short.');
});
