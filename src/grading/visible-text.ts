/**
 * Text a student's code produced (exception messages, tracebacks, printed lines) reaches terminals and pages.
 * Control characters could clear a screen, fake a report or write to a clipboard (OSC 52), and bidi overrides
 * could make a line read differently than it is: every one is made visible instead. Tabs and newlines stay.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function visibleText(text: string): string {
  return text
    .replace(CONTROL, (c) => {
      const code = c.charCodeAt(0);
      if (code < 0x20) return String.fromCharCode(0x2400 + code); // ␀ … ␟ (ESC is ␛)
      if (code === 0x7f) return '\u2421'; // ␡
      return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
    })
    .replace(BIDI, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
}

/** The same for every string inside a JSON-like value (a report), keys included. */
export function visibleDeep<T>(value: T): T {
  if (typeof value === 'string') return visibleText(value) as T;
  if (Array.isArray(value)) return value.map((item) => visibleDeep(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [visibleText(key), visibleDeep(item)])) as T;
  }
  return value;
}
