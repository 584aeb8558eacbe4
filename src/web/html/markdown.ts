import { escapeHtml, Html } from './html.js';

/**
 * A small, safe subset of Markdown for assignment descriptions: ATX headings, paragraphs, bullet and
 * numbered lists (nested by indentation), fenced code blocks, block quotes, GitHub tables, rules, and inline
 * code, emphasis and links. Every character of the source is escaped; only the markup produced here is
 * HTML, and links go to http(s), mailto or relative addresses only. Raw HTML in the source shows as text.
 */
export function renderMarkdown(source: string, options: { headingOffset?: number } = {}): Html {
  const lines = source.replace(/\r\n?/g, '\n').replace(/\u0000/g, '').split('\n');
  return new Html(blocks(lines, options.headingOffset ?? 0).join('\n'));
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const LIST_ITEM = /^( *)([-*+]|\d{1,9}[.)])( +|$)(.*)$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const TABLE_DIVIDER = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

function blocks(lines: string[], headingOffset: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const body: string[] = [];
      for (i++; i < lines.length && !closesFence(lines[i], fence[1]); i++) body.push(lines[i]);
      i++;
      const language = fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : '';
      out.push(`<pre><code${language}>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      const level = Math.min(6, heading[1].length + headingOffset);
      out.push(`<h${level}>${inline(heading[2])}</h${level}>`);
      i++;
      continue;
    }
    if (RULE.test(line)) {
      out.push('<hr>');
      i++;
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && TABLE_DIVIDER.test(lines[i + 1]) && lines[i + 1].includes('-')) {
      const divider = lines[i + 1];
      const rows: string[] = [];
      for (i += 2; i < lines.length && lines[i].includes('|') && lines[i].trim() !== ''; i++) rows.push(lines[i]);
      out.push(table(line, divider, rows));
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      for (; i < lines.length && lines[i].trim() !== ''; i++) quoted.push(QUOTE.exec(lines[i])?.[1] ?? lines[i]);
      out.push(`<blockquote>${blocks(quoted, headingOffset).join('\n')}</blockquote>`);
      continue;
    }
    if (LIST_ITEM.test(line)) {
      i = list(lines, i, headingOffset, out);
      continue;
    }
    const paragraph: string[] = [];
    for (; i < lines.length && lines[i].trim() !== '' && !startsBlock(lines[i]); i++) paragraph.push(lines[i].trim());
    out.push(`<p>${inline(paragraph.join('\n'))}</p>`);
  }
  return out;
}

function closesFence(line: string, opening: string): boolean {
  const trimmed = line.trim();
  return trimmed.length >= opening.length && trimmed === opening[0].repeat(trimmed.length);
}

function startsBlock(line: string): boolean {
  return FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || LIST_ITEM.test(line);
}

/** One list from line `start`; returns the first line after it. Items hold blocks, so lists nest. */
function list(lines: string[], start: number, headingOffset: number, out: string[]): number {
  const first = LIST_ITEM.exec(lines[start])!;
  const indent = first[1].length;
  const ordered = /\d/.test(first[2]);
  const items: { lines: string[] }[] = [];
  let loose = false;
  let i = start;
  while (i < lines.length) {
    const item = LIST_ITEM.exec(lines[i]);
    if (!item || item[1].length !== indent || /\d/.test(item[2]) !== ordered) break;
    const contentColumn = indent + item[2].length + Math.max(1, item[3].length);
    const body = [item[4]];
    for (i++; i < lines.length; i++) {
      const next = lines[i];
      if (next.trim() === '') {
        // A blank line ends the list unless the item goes on (indented) or a sibling item follows: then it is loose.
        const after = lines[i + 1];
        const afterItem = after === undefined ? null : LIST_ITEM.exec(after);
        const sibling = afterItem !== null && afterItem[1].length === indent && /\d/.test(afterItem[2]) === ordered;
        const continues = after !== undefined && after.trim() !== '' && leadingSpaces(after) > indent;
        if (!sibling && !continues) break;
        loose = true;
        body.push('');
        continue;
      }
      const sibling = LIST_ITEM.exec(next);
      if (leadingSpaces(next) <= indent && (sibling || startsBlock(next))) break;
      body.push(next.slice(Math.min(leadingSpaces(next), contentColumn)));
    }
    items.push({ lines: body });
    if (lines[i] !== undefined && lines[i].trim() === '') i++;
  }
  const tag = ordered ? 'ol' : 'ul';
  const startAttr = ordered && parseInt(first[2], 10) !== 1 ? ` start="${parseInt(first[2], 10)}"` : '';
  const rendered = items.map(({ lines: body }) => {
    const inner = blocks(body, headingOffset);
    // Tight lists show their text directly, not as paragraphs.
    const content = !loose ? inner.map((block) => block.replace(/^<p>([\s\S]*)<\/p>$/, '$1')) : inner;
    return `<li>${content.join('\n')}</li>`;
  });
  out.push(`<${tag}${startAttr}>\n${rendered.join('\n')}\n</${tag}>`);
  return i;
}

function leadingSpaces(line: string): number {
  return line.length - line.trimStart().length;
}

function table(header: string, divider: string, rows: string[]): string {
  const align = cells(divider).map((cell) => (/^:-+:$/.test(cell) ? 'center' : /-:$/.test(cell) ? 'right' : ''));
  const cellHtml = (tag: string, text: string, column: number) => `<${tag}${align[column] ? ` class="align-${align[column]}"` : ''}>${inline(text)}</${tag}>`;
  const head = cells(header).map((text, column) => cellHtml('th', text, column)).join('');
  const body = rows.map((row) => `<tr>${cells(row).map((text, column) => cellHtml('td', text, column)).join('')}</tr>`).join('\n');
  return `<div class="table-wrap"><table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`;
}

function cells(row: string): string[] {
  const parts = row.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '').split(/(?<!\\)\|/);
  return parts.map((part) => part.trim().replaceAll('\\|', '|'));
}

/** Inline code first (its content is literal), then escapes, links and emphasis on the escaped rest. */
export function inline(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(/(`+)([\s\S]*?[^`])\1(?!`)/g)) {
    out += formatted(text.slice(last, match.index));
    out += `<code>${escapeHtml(match[2].replace(/^ ([\s\S]*) $/, '$1'))}</code>`;
    last = match.index + match[0].length;
  }
  return out + formatted(text.slice(last));
}

function formatted(text: string): string {
  const escaped = escapeHtml(text).replace(/\\([\\`*_{}[\]()#+\-.!|~])/g, (_, char: string) => `&#${char.charCodeAt(0)};`);
  // Links become placeholders first, so emphasis never reaches into an address.
  const links: string[] = [];
  const rest = escaped.replace(/!?\[([^\]]+)\]\(\s*([^\s)]+)(?:\s+&quot;[^)]*&quot;)?\s*\)/g, (_, label: string, url: string) => {
    links.push(safeUrl(url) ? `<a href="${url}">${emphasis(label)}</a>` : emphasis(label));
    return `\u0000${links.length - 1}\u0000`;
  });
  return emphasis(rest).replace(/\u0000(\d+)\u0000/g, (_, n: string) => links[Number(n)]);
}

function emphasis(escaped: string): string {
  return escaped
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w])__(?=\S)([\s\S]*?\S)__(?!\w)/g, '$1<strong>$2</strong>')
    .replace(/\*(?=[^\s*])([\s\S]*?[^\s*])\*/g, '<em>$1</em>')
    .replace(/(^|[^\w])_(?=[^\s_])([\s\S]*?[^\s_])_(?!\w)/g, '$1<em>$2</em>');
}

/** http(s), mailto, or an address on this site; never javascript:, data: or anything else with a scheme. */
function safeUrl(escapedUrl: string): boolean {
  const url = escapedUrl.replaceAll('&amp;', '&');
  if (/^(https?:\/\/|mailto:)/i.test(url)) return true;
  return !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('//') && !/[\u0000-\u001f]/.test(url);
}
