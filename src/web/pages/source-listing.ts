import { html, type Html } from '../html/html.js';

export interface ListingOptions {
  caption: string;
  /** 1-based line to mark as the error. */
  errorLine?: number;
  /** Only lines from..to (1-based, inclusive). */
  from?: number;
  to?: number;
}

/** Code with line numbers, as a table so the numbers stay out of copied text and the error line can be marked. */
export function sourceListing(source: string, options: ListingOptions): Html {
  const lines = source.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const from = Math.max(1, options.from ?? 1);
  const to = Math.min(lines.length, options.to ?? lines.length);
  const rows: Html[] = [];
  for (let n = from; n <= to; n++) {
    const error = n === options.errorLine;
    rows.push(
      html`<tr${error ? html` class="error-line"` : null}><td class="line-no">${n}${error ? html`<span class="visually-hidden"> (the error is on this line)</span>` : null}</td><td class="source">${lines[n - 1] || ' '}</td></tr>`,
    );
  }
  return html`<div class="table-wrap source-listing"><table>
<caption>${options.caption}</caption>
<thead class="visually-hidden"><tr><th scope="col">Line</th><th scope="col">Code</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

/** A few lines around `line`, for an error message. */
export function sourceExcerpt(source: string, line: number, caption: string): Html {
  return sourceListing(source, { caption, errorLine: line, from: line - 3, to: line + 3 });
}
