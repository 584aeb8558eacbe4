import { LineCounter, type ErrorCode, isAlias, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { FieldPath } from './field-path.js';

/** A YAML file parsed into plain data, remembering where every field was written. */
export interface ParsedYaml {
  /** Plain data; null for an empty file. */
  data: unknown;
  /** 1-based line of the field, or of its nearest ancestor that exists (for missing fields). */
  lineOf(path: FieldPath): number | undefined;
}

export interface YamlSyntaxError {
  line?: number;
  message: string;
}

export type YamlParseResult = { ok: true; yaml: ParsedYaml } | { ok: false; error: YamlSyntaxError };

/** What usually causes the parser's complaint, for the errors instructors run into most. */
const syntaxHints: Partial<Record<ErrorCode, string>> = {
  BLOCK_AS_IMPLICIT_KEY: "check the indentation, and quote values that contain ': '",
  MULTILINE_IMPLICIT_KEY: "is a ':' missing after a key on this line or the one before?",
  TAB_AS_INDENT: 'indent with spaces',
  DUPLICATE_KEY: 'each key may appear once; remove or merge the repeated one',
};

export function parseYaml(text: string): YamlParseResult {
  const lineCounter = new LineCounter();
  // YAML 1.2 core schema: `no` stays a string and `0755` a decimal, unlike YAML 1.1. Duplicate keys are errors.
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // Only the first error: after it the parser is out of step and the rest are usually echoes of it.
    const [error] = doc.errors;
    // prettyErrors appends " at line L, column C:" and a code frame; the line is reported separately.
    const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    const hint = syntaxHints[error.code];
    return { ok: false, error: { line: error.linePos?.[0].line, message: hint ? `${message} — ${hint}` : message } };
  }
  let data: unknown;
  try {
    // The alias limit stops a few lines of anchors from expanding into gigabytes ("billion laughs").
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, error: { message: `${(error as Error).message} — use fewer aliases (*name)` } };
  }
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);
  return { ok: true, yaml: { data, lineOf: (path) => lineOfPath(doc, path, lineAt) } };
}

function lineOfPath(doc: Document, path: FieldPath, lineAt: (offset: number | undefined) => number | undefined) {
  let node: unknown = doc.contents;
  let line = lineAt(rangeStart(node));
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return line;
      // The key's line, not the value's: a block mapping or list value starts on the line after its key.
      line = lineAt(rangeStart(pair.key)) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment];
      line = lineAt(rangeStart(node)) ?? line;
    } else {
      return line;
    }
  }
  return line;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}
