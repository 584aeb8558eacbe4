/**
 * The first difference between an answer and the expected one, as check.py reports it (fields, never a
 * sentence), and its wording. `reveal` is false wherever the student never saw the input (hidden cases, fresh
 * benchmark and memory inputs): the sentence then names only the student's own side.
 */
export interface Difference {
  kind:
    | 'value'
    | 'type'
    | 'length'
    | 'shape'
    | 'not_array'
    | 'array_kind'
    | 'missing_key'
    | 'unexpected_key'
    | 'nested'
    | 'no_output'
    | 'unreadable'
    | 'custom'
    | 'checker_error';
  /** Where, already worded by the checker: "at index [3, 7]: ", "at ['a'][0]: ", or "". */
  path?: string;
  expected?: string;
  got?: string;
  key?: string;
  /** Arrays: how many values differ out of how many. */
  count?: number;
  total?: number;
  /** unreadable: why; custom: the assignment checker's own note; checker_error: the exception type. */
  detail?: string;
  note?: string;
}

const KINDS = new Set<Difference['kind']>([
  'value', 'type', 'length', 'shape', 'not_array', 'array_kind', 'missing_key', 'unexpected_key', 'nested', 'no_output', 'unreadable', 'custom', 'checker_error',
]);

const text = (value: unknown, max = 300): string | undefined => (typeof value === 'string' ? value.slice(0, max) : undefined);
const whole = (value: unknown): number | undefined => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined);

/** Reads the checker's fields defensively (a broken custom checker must not break the report). */
export function parseDifference(raw: unknown): Difference | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const data = raw as Record<string, unknown>;
  const kind = KINDS.has(data.kind as Difference['kind']) ? (data.kind as Difference['kind']) : 'custom';
  return {
    kind,
    path: text(data.path, 200),
    expected: text(data.expected),
    got: text(data.got),
    key: text(data.key, 80),
    count: whole(data.count),
    total: whole(data.total),
    detail: text(data.detail),
    note: text(data.note, 2000),
  };
}

export function describeDifference(difference: Difference | undefined, reveal: boolean): string {
  if (!difference) return 'the answer is not the expected one';
  const at = difference.path ?? '';
  const many = difference.count && difference.total ? ` (${difference.count} of ${difference.total} values differ)` : '';
  const { expected, got } = difference;
  switch (difference.kind) {
    case 'value':
      return reveal ? `${at}expected ${expected} but got ${got}${many}` : `${at}your value ${got} is not the expected one${many}`;
    case 'type':
      return reveal ? `${at}expected ${expected} but got ${got}` : `${at}your answer is ${got}, which is not the expected kind of value`;
    case 'length':
      return reveal ? `${at}expected a list of ${expected} items but got ${got}` : `${at}your list has ${got} items, which is not the expected number`;
    case 'shape':
      return reveal ? `${at}expected shape ${expected} but got ${got}` : `${at}your array has shape ${got}, which is not the expected shape`;
    case 'not_array':
      return reveal ? `${at}expected an array of shape ${expected} but got ${got}` : `${at}expected an array but got ${got}`;
    case 'array_kind':
      return reveal ? `${at}expected an array of ${expected} but got an array of ${got}` : `${at}your array holds ${got}, not the expected kind of values`;
    case 'missing_key':
      return reveal ? `${at}missing key ${difference.key}` : `${at}a key the answer should have is missing`;
    case 'unexpected_key':
      return `${at}unexpected key ${difference.key}`;
    case 'nested':
      return `${at}the output is nested too deeply`;
    case 'no_output':
      return 'no output (the call did not return)';
    case 'unreadable':
      return `the output could not be read (${difference.detail ?? 'unknown reason'})`;
    case 'custom':
      // An instructor's checker may quote the expected value; only public cases show its note.
      return reveal && difference.note ? difference.note : "the assignment's checker did not accept the answer";
    case 'checker_error':
      return `the checker could not judge this output (${difference.detail ?? 'error'})`;
  }
}
