import { html, type Html } from '../html/html.js';

/** One fragment's stretch of this file: 0-based rows, columns in UTF-16 units, end exclusive. */
export interface MarkedRegion {
  /** 1-based fragment number, the same on both sides. */
  fragment: number;
  region: [number, number, number, number];
}

/**
 * Code with line numbers (like source-listing.ts) where each shared fragment is a <mark> numbered like its
 * counterpart in the other file. The row where a fragment starts is its anchor (`<side>-frag-<n>`) and links
 * to the same fragment in the other file, so a reader can jump back and forth without JavaScript.
 */
export function markedListing(source: string, regions: readonly MarkedRegion[], side: 'left' | 'right', caption: string): Html {
  const other = side === 'left' ? 'right' : 'left';
  const lines = source.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const starts = new Map<number, number[]>();
  for (const { fragment, region } of regions) starts.set(region[0], [...(starts.get(region[0]) ?? []), fragment]);
  const rows = lines.map((line, row) => {
    const here = starts.get(row) ?? [];
    const anchors = here.map((n) => html`<a class="frag-link" id="${side}-frag-${n}" href="#${other}-frag-${n}" title="Fragment ${n} in the other file">${n}</a>`);
    return html`<tr${here.length ? html` class="frag-start"` : null}><td class="line-no">${row + 1}</td><td class="frag-anchor">${anchors}</td><td class="source">${markLine(line, row, regions)}</td></tr>`;
  });
  return html`<div class="table-wrap source-listing"><table>
<caption>${caption}</caption>
<thead class="visually-hidden"><tr><th scope="col">Line</th><th scope="col">Fragment</th><th scope="col">Code</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

/** The line's text with the covered columns wrapped in marks; where fragments overlap, the earlier one keeps the text. */
function markLine(line: string, row: number, regions: readonly MarkedRegion[]): Html | string {
  const spans = regions
    .filter(({ region }) => region[0] <= row && row <= region[2])
    .map(({ fragment, region }) => ({ fragment, from: row === region[0] ? region[1] : 0, to: row === region[2] ? region[3] : line.length }))
    .map((span) => ({ ...span, from: Math.max(span.from, leadingSpace(line)), to: Math.min(span.to, line.length) }))
    .filter((span) => span.to > span.from)
    .sort((a, b) => a.from - b.from);
  if (spans.length === 0) return line || ' ';
  const parts: (Html | string)[] = [];
  let at = 0;
  for (const span of spans) {
    const from = Math.max(span.from, at);
    if (from >= span.to) continue;
    if (from > at) parts.push(line.slice(at, from));
    parts.push(html`<mark class="frag frag-${(span.fragment - 1) % 6}" data-fragment="${span.fragment}">${line.slice(from, span.to)}</mark>`);
    at = span.to;
  }
  if (at < line.length) parts.push(line.slice(at));
  return html`${parts}`;
}

function leadingSpace(line: string): number {
  return line.length - line.trimStart().length;
}
