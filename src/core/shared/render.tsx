import { createContext, Fragment, h, type ComponentChildren, type VNode } from 'preact';
import { useContext } from 'preact/hooks';
import { renderToString } from 'preact-render-to-string';
import {
  childrenMarker,
  cut,
  embedMarker,
  escapeHtml,
  type Frame,
  Hole,
  holeMarker,
  joinPieces,
  OwnHtml,
  type Piece,
  type Placeable,
  type SharedHtml,
  slotMarker,
  splitFrame,
  splitPage,
} from './markers.js';

/** Where the components of this file leave what they place, for the render under way. */
interface Sink {
  /** Shared HTML (and HTML made for this reader alone) placed so far, by the index of its marker. */
  readonly embeds: (SharedHtml | OwnHtml)[];
  /** Rendering shared HTML: nothing personal may go in; slots may. */
  readonly shared: boolean;
  /** What may go into each slot placed so far (shared HTML only). */
  readonly slots: Map<string, SlotContent>;
}

const SinkContext = createContext<Sink | null>(null);

function sinkOf(component: string): Sink {
  const sink = useContext(SinkContext);
  if (!sink) throw new Error(`<${component}> is placed only in what the core renders (pages and fragments)`);
  return sink;
}

/**
 * Places HTML that many readers share (a fragment: see `defineFragment`): on a signed-in page
 * its kept compressed bytes are copied into the response; elsewhere its text. HTML made for
 * this reader alone (`OwnHtml`: a fragment filled for someone it concerns) goes in as their
 * own words.
 */
export function Shared({ html }: { html: Placeable | readonly Placeable[] }): ComponentChildren {
  const sink = sinkOf('Shared');
  let markers = '';
  for (const piece of Array.isArray(html) ? html : [html]) {
    if (sink.shared && piece instanceof OwnHtml) throw new Error('shared HTML holds nothing of one reader');
    sink.embeds.push(piece);
    markers += embedMarker(sink.embeds.length - 1);
  }
  return markers;
}

/**
 * The reader's own words (their name, a form token): cut out of what every reader of the page
 * shares, so that the text around them is compressed once for all. In a fragment it is a
 * mistake, and fails loudly: nothing of the reader who asked first may reach the next ones.
 */
export function Personal({ children }: { children: ComponentChildren }): VNode {
  const sink = sinkOf('Personal');
  if (sink.shared) throw new Error('shared HTML holds nothing personal');
  return h(Fragment, null, cut(), children, cut());
}

/** What may go into a slot: its options, and what goes around them when any does. */
export interface SlotContent {
  options: Record<string, VNode>;
  around?: ((children: ComponentChildren) => VNode) | undefined;
}

/**
 * A place in a fragment that each reader's page fills (see `RenderedFragment.fill`): a
 * comment's action links, say. `options` are what may go there, rendered once with the
 * fragment; a filling picks some of them by name, in order. `around` wraps what was picked
 * (nothing when nothing was: no empty list of links).
 */
export function Slot({ name, options, around }: { name: string } & SlotContent): ComponentChildren {
  const sink = sinkOf('Slot');
  if (!sink.shared) throw new Error('<Slot> belongs in a fragment, not in a page');
  if (!/^[\w-]+$/.test(name)) throw new Error(`slot name "${name}" must be letters, digits, - and _`);
  sink.slots.set(name, { options, around });
  return slotMarker(name);
}

/**
 * In a frame (`renderFrame`), the place of one of the reader's own words, filled per request
 * by `<PlaceFrame holes>`: a frame is shared, so the words themselves cannot be in it.
 */
export function HoleFor({ name }: { name: string }): ComponentChildren {
  const sink = sinkOf('HoleFor');
  if (!sink.shared) throw new Error('<HoleFor> belongs in a frame');
  return holeMarker(name);
}

/** In a frame, where the page's own content goes. */
export function FrameChildren(): ComponentChildren {
  const sink = sinkOf('FrameChildren');
  if (!sink.shared) throw new Error('<FrameChildren> belongs in a frame');
  return childrenMarker();
}

/** Renders a frame once: shared HTML around `<FrameChildren/>`, with `<HoleFor>`s for the reader's words. */
export function renderFrame(root: VNode): Frame {
  return splitFrame(renderShared(root).html);
}

/**
 * Places a frame around a page's content: its shared pieces as `<Shared>` does, each hole
 * filled with the reader's own words (escaped, so that they are text wherever the hole is,
 * an attribute value included), or with HTML made for this reader alone (`OwnHtml`: the
 * header's personal items, whose text the caller escaped). A hole without a value stays empty.
 */
export function PlaceFrame({
  frame,
  holes,
  children,
}: {
  frame: Frame;
  holes: Record<string, string | OwnHtml>;
  children: ComponentChildren;
}): VNode {
  const fill = (value: string | OwnHtml | undefined) =>
    value instanceof OwnHtml ? value : new OwnHtml(escapeHtml(value ?? ''));
  const place = (piece: SharedHtml | Hole) => (piece instanceof Hole ? fill(holes[piece.name]) : piece);
  return h(
    Fragment,
    null,
    h(Shared, { html: frame.before.map(place) }),
    children,
    h(Shared, { html: frame.after.map(place) }),
  );
}

// Markers go into the page as text: Preact escapes none of their characters. Rendering is in
// document order, so the n-th shared piece placed is the n-th marker.
function renderWith(sink: Sink, root: VNode): string {
  return renderToString(h(SinkContext.Provider, { value: sink }, root));
}

/** A page as rendered for one request, cut into what it shares with other readers and what is theirs alone. */
export function renderPage(root: VNode): Piece[] {
  const sink: Sink = { embeds: [], shared: false, slots: new Map() };
  return splitPage('<!DOCTYPE html>' + renderWith(sink, root), sink.embeds);
}

/** A slot's options and what goes around them, rendered. */
export interface RenderedSlot {
  options: Readonly<Record<string, string>>;
  before: string;
  after: string;
}

/** HTML with slots, shared by many readers: its text (fragments placed in it are joined in) and each slot's content. */
export function renderShared(root: VNode): { html: string; slots: Map<string, RenderedSlot> } {
  const sink: Sink = { embeds: [], shared: true, slots: new Map() };
  const html = joinPieces(splitPage(renderWith(sink, root), sink.embeds));
  const slots = new Map<string, RenderedSlot>();
  for (const [name, { options, around }] of sink.slots) {
    const rendered: Record<string, string> = {};
    for (const [option, node] of Object.entries(options)) rendered[option] = renderShared(node).html;
    const [before = '', after = ''] = around ? renderShared(around(HOLE)).html.split(HOLE) : [];
    slots.set(name, { options: rendered, before, after });
  }
  return { html, slots };
}

// Where the options go in what is around them.
const HOLE = '\uE002';

/** HTML for something other than a page (a feed entry's text, a mail): nothing personal, no slots. */
export function renderHtml(root: VNode): string {
  return renderShared(root).html;
}
