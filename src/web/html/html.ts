/**
 * Server-side HTML without a template engine: `html` escapes everything interpolated into it unless it is
 * already `Html` (built by `html` itself or by a renderer that escaped its own input), so a student's file
 * name, an instructor's Markdown or a traceback can never become markup.
 */
export class Html {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: text (escaped), numbers, markup, lists of these; null, undefined and false render nothing. */
export type Content = Html | string | number | null | undefined | false | readonly Content[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

export function html(strings: TemplateStringsArray, ...values: Content[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** Markup written by this code base (never text from a user or a report). */
export function trusted(markup: string): Html {
  return new Html(markup);
}

export function render(value: Content): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Space-separated class names, the falsy ones dropped. */
export function classes(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(' ');
}
