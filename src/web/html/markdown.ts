import MarkdownIt from 'markdown-it';
import { escapeHtml, Html } from './html.js';

/**
 * Assignment descriptions through markdown-it (CommonMark plus GitHub tables). `html: false` makes raw HTML
 * in the source show as text, so an instructor's README can hold no markup of its own; links go to http(s),
 * mailto or this site only. The pages' CSP forbids inline styles, so table alignment becomes a class.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** http(s), mailto, or an address on this site; never javascript:, data: or anything else with a scheme. */
markdown.validateLink = (url: string): boolean => {
  if (/^(https?:\/\/|mailto:)/i.test(url)) return true;
  return !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('//') && !/[\u0000-\u001f]/.test(url);
};

// Headings shift down under the page's own h1 (the caller's `headingOffset`, passed through `env`).
markdown.core.ruler.push('heading_offset', (state) => {
  const offset = (state.env as RenderEnv).headingOffset;
  if (!offset) return;
  for (const token of state.tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + offset)}`;
  }
});

// `style="text-align:…"` would be dropped by the CSP; the stylesheet has .align-center and .align-right (left is the default).
markdown.core.ruler.push('table_align_classes', (state) => {
  for (const token of state.tokens) {
    if (token.type !== 'th_open' && token.type !== 'td_open') continue;
    const align = /text-align:(center|right)/.exec(String(token.attrGet('style') ?? ''))?.[1];
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
    if (align) token.attrSet('class', `align-${align}`);
  }
});

// Wide tables and code scroll inside their card on a phone instead of widening the page; a scrolling box must
// be reachable from the keyboard to be scrolled without a mouse, hence the tabindex.
markdown.renderer.rules.table_open = () => '<div class="table-wrap" tabindex="0"><table>\n';
markdown.renderer.rules.table_close = () => '</table></div>\n';
for (const rule of ['fence', 'code_block'] as const) {
  const render = markdown.renderer.rules[rule]!;
  markdown.renderer.rules[rule] = (...args) => render(...args).replace(/^<pre>/, '<pre tabindex="0">');
}

// Pictures from elsewhere would be blocked by the CSP (img-src 'self'): show them as a link to the picture.
markdown.renderer.rules.image = (tokens, index, options, env, self) => {
  const token = tokens[index];
  return `<a href="${escapeHtml(String(token.attrGet('src') ?? ''))}">${escapeHtml(self.renderInlineAsText(token.children ?? [], options, env))}</a>`;
};

type RenderEnv = { headingOffset?: number };

export function renderMarkdown(source: string, options: { headingOffset?: number } = {}): Html {
  const env: RenderEnv = { headingOffset: options.headingOffset ?? 0 };
  return new Html(markdown.render(source, env).trimEnd());
}
