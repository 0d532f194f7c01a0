/**
 * A bio as plain text: paragraphs at blank lines, line breaks kept within them. Text only,
 * never markup, so whatever was typed is shown as typed.
 */
export function Bio({ text }: { text: string }) {
  const paragraphs = text.split(/\n\s*\n/).filter((p) => p.trim() !== '');
  return (
    <div class="bio">
      {paragraphs.map((paragraph) => (
        <p>{paragraph.split('\n').flatMap((line, i) => (i === 0 ? [line] : [<br />, line]))}</p>
      ))}
    </div>
  );
}
