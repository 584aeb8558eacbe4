/**
 * JSON Schema (draft-07: the draft editors' YAML plugins understand best) of assignments/<slug>/assignment.yaml.
 * It is the single source of the YAML format: the loader validates with it (ajv fills the defaults written
 * here) and `writeAssignmentSchema` publishes it as assignments/assignment.schema.json for editors.
 * Defaults that depend on another field (memory_size, max_rounds, zero_ratio) have no `default` keyword;
 * assignment-mapping.ts fills them, and their descriptions say how.
 */

type Schema = Record<string, unknown>;

/** Folder names, topics: what can go into a URL or a file name unchanged. */
export const SLUG_PATTERN = '^[a-z0-9][a-z0-9-]{1,63}$';
const CASE_NAME_PATTERN = '^[a-z0-9][a-z0-9_-]{0,63}$';
const PYTHON_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';

/** `patternErrorMessage` is what VS Code's YAML/JSON plugins show instead of the raw regex; the loader uses it too. */
function pattern(regex: string, meaning: string): Schema {
  return { type: 'string', pattern: regex, patternErrorMessage: meaning };
}

/** Every object in the format is closed, so a misspelt key is an error instead of a silently ignored setting. */
function object(description: string, properties: Record<string, Schema>, extra: Schema = {}): Schema {
  return { type: 'object', description, properties, additionalProperties: false, ...extra };
}

const withDescription = (description: string, schema: Schema): Schema => ({ description, ...schema });

const filePath = (description: string, fallback?: string): Schema => ({
  type: 'string',
  minLength: 1,
  description: `${description} Path relative to the assignment folder; it must stay inside it.`,
  ...(fallback === undefined ? {} : { default: fallback }),
});

const size = (description: string): Schema => ({
  type: 'object',
  description,
  // Keys become Python keyword arguments of generate(), so they must be identifiers.
  propertyNames: pattern(PYTHON_NAME_PATTERN, 'a Python identifier (letters, digits, _; not starting with a digit)'),
  additionalProperties: { type: ['number', 'string', 'boolean'] },
});

const seconds = (description: string, fallback: number, max: number): Schema => ({
  type: 'number', exclusiveMinimum: 0, maximum: max, default: fallback, description,
});

const count = (description: string, fallback: number, min: number, max: number): Schema => ({
  type: 'integer', minimum: min, maximum: max, default: fallback, description,
});

const files = object(
  'Files of the assignment, relative to its folder.',
  {
    baseline: filePath('The slow code students start from (shown to them).', 'baseline.py'),
    reference: filePath('The instructor\'s fast solution (never shown, never in a student\'s sandbox).', 'reference.py'),
    generator: filePath('Python module with generate(seed, workdir, **size) returning the positional arguments.', 'cases.py'),
    support: {
      type: 'array',
      description: 'Modules students may import, copied beside the submission (e.g. course_io.py).',
      items: filePath('A support module.'),
      uniqueItems: true,
      default: [],
    },
    readme: filePath('The description students read (Markdown).', 'README.md'),
  },
  { default: {} },
);

const testCase = object(
  'One correctness case: the generator is called with this seed and size.',
  {
    name: withDescription('Unique name shown in reports.', pattern(CASE_NAME_PATTERN, 'lowercase letters, digits, - and _ (1–64 characters)')),
    size: size('Keyword arguments for generate(), e.g. { n: 1000 }.'),
    seed: { type: 'integer', minimum: 0, maximum: 4294967295, description: 'Seed for generate(); 0 to 2³²−1 so numpy accepts it.' },
    hidden: { type: 'boolean', default: false, description: 'Hidden cases show students only the verdict, never the input or the expected output.' },
  },
  { required: ['name', 'size', 'seed'] },
);

const benchmark = object(
  'How speed and memory are measured.',
  {
    size: size('Generator size for every timed call (each timed call gets a fresh seed).'),
    memory_size: size('Generator size for the memory pass; default: the same as size.'),
    rounds: count('Interleaved process pairs (baseline, submission) measured per grade.', 5, 1, 50),
    warmup: count('Untimed calls per process before timing (JIT compilation, caches).', 1, 0, 100),
    repeats: count('Timed calls per process; the fastest counts.', 3, 1, 100),
    max_cv: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.05, description: 'Coefficient of variation above which more rounds are measured.' },
    max_rounds: { type: 'integer', minimum: 1, maximum: 50, description: 'Upper bound on rounds when re-measuring; default: 9, or rounds if that is larger.' },
  },
  { required: ['size'] },
);

const kind = (name: string): Schema => ({ const: name, description: 'How outputs are compared.' });

const checker = {
  description: 'How a submission\'s output is compared with the reference\'s.',
  type: 'object',
  discriminator: { propertyName: 'kind' },
  oneOf: [
    object('Outputs must be equal (arrays element by element).', { kind: kind('exact') }, { required: ['kind'] }),
    object(
      'Numbers and arrays may differ by atol + rtol × |expected| (numpy.allclose).',
      {
        kind: kind('allclose'),
        rtol: { type: 'number', minimum: 0, description: 'Relative tolerance, e.g. 1e-7.' },
        atol: { type: 'number', minimum: 0, description: 'Absolute tolerance, e.g. 1e-9.' },
      },
      { required: ['kind', 'rtol', 'atol'] },
    ),
    object(
      'A Python module with check(expected, actual) -> (ok, message).',
      { kind: kind('custom'), file: filePath('The checker module.') },
      { required: ['kind', 'file'] },
    ),
  ],
  default: { kind: 'exact' },
};

const limits = object(
  'Hard limits for one sandboxed run of a submission.',
  {
    wall_time_s: seconds('Wall-clock seconds for one call (and for loading the file).', 30, 3600),
    cpu_time_s: seconds('CPU seconds for one call, per granted core.', 60, 7200),
    memory_mb: count('Memory for the whole process tree (MB, including what it writes to /tmp).', 1024, 16, 65536),
    processes: count('Processes and threads the run may have at once.', 64, 1, 4096),
    output_kb: count('stdout + stderr kept (KB); more ends the run.', 64, 1, 1048576),
    file_size_mb: count('Largest file a run may write, and largest answer one call may return (MB).', 64, 1, 10240),
    disk_mb: count('Everything a run may write (MB): /tmp gets this much, /dev/shm an eighth of it (at most 16 MB); more is an output limit.', 256, 1, 65536),
    cores: count('CPU cores granted to one submission run (and to the baseline beside it).', 1, 1, 64),
  },
  { default: {} },
);

const weights = object(
  'Points for each part; the maximum score is their sum. Give all three when you change them.',
  {
    correctness: { type: 'number', minimum: 0, description: 'Points for correctness, in proportion to the cases passed.' },
    speed: { type: 'number', minimum: 0, description: 'Points for speedup over the baseline (accepted submissions only).' },
    memory: { type: 'number', minimum: 0, description: 'Points for peak memory against the baseline (accepted submissions only).' },
  },
  { required: ['correctness', 'speed', 'memory'], default: { correctness: 40, speed: 50, memory: 10 } },
);

const scoring = object(
  'How measurements become points.',
  {
    weights,
    speed: object(
      'Speed points as a function of speedup over the baseline.',
      {
        curve: { enum: ['log', 'linear'], default: 'log', description: 'log: points grow with log(speedup); linear: with speedup.' },
        target: { type: 'number', exclusiveMinimum: 1, maximum: 1000000, default: 10, description: 'Speedup that earns full speed points.' },
      },
      { default: {} },
    ),
    memory: object(
      'Memory points as a function of peak memory / baseline peak memory.',
      {
        target_ratio: { type: 'number', exclusiveMinimum: 0, maximum: 1000, default: 1, description: 'Ratio at or below which memory earns full points.' },
        zero_ratio: { type: 'number', exclusiveMinimum: 0, maximum: 1000000, description: 'Ratio at or above which memory earns nothing (log-interpolated in between); default: 4 × target_ratio.' },
        floor_bytes: {
          type: 'integer',
          minimum: 1,
          default: 1048576,
          description: 'Peaks below this count as this much, so tiny peaks do not make wild ratios (the box is measured in pages; differences under 1 MiB are noise).',
        },
      },
      { default: {} },
    ),
    formula: {
      type: 'string',
      minLength: 1,
      maxLength: 4000,
      description: 'Optional JavaScript expression replacing the score; it sees only Math and m (measurements and default points, see src/scoring/formula.ts).',
    },
  },
  { default: {} },
);

const policy = object(
  'Rules for submitting.',
  {
    deadline: { type: 'string', format: 'date-time', description: 'ISO 8601 date-time with a time zone, e.g. 2025-03-01T23:59:00+01:00; absent = no deadline.' },
    late_penalty: object(
      'Penalty for submissions after the deadline, as fractions of the score.',
      {
        per_day: { type: 'number', minimum: 0, maximum: 1, default: 0, description: 'Fraction of the score lost per day late (0.1 = 10 %).' },
        max: { type: 'number', minimum: 0, maximum: 1, default: 0, description: 'Largest fraction of the score that lateness can take.' },
      },
      { default: {} },
    ),
    max_attempts: { type: 'integer', minimum: 1, maximum: 100000, description: 'Submissions allowed per student; absent = unlimited.' },
    cooldown_s: { type: 'number', minimum: 0, maximum: 86400, default: 0, description: 'Seconds a student waits between submissions.' },
    counts: { enum: ['best', 'last'], default: 'best', description: 'Which submission is the student\'s grade.' },
    leaderboard: { type: 'boolean', default: false, description: 'Show an anonymous speedup leaderboard.' },
  },
  { default: {} },
);

export const assignmentSchema: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'perfgrade assignment',
  ...object(
    'An assignment of the perfgrade grader: assignments/<slug>/assignment.yaml.',
    {
      title: { type: 'string', minLength: 1, maxLength: 200, description: 'Title shown to students.' },
      topic: withDescription('Course topic, e.g. jit or vectorisation.', pattern(SLUG_PATTERN, 'lowercase letters, digits and dashes (2–64 characters)')),
      function: withDescription('Name of the function students implement.', pattern(PYTHON_NAME_PATTERN, 'a Python identifier')),
      files,
      cases: { type: 'array', minItems: 1, maxItems: 200, items: testCase, description: 'Correctness cases; at least one must be public.' },
      benchmark,
      checker,
      limits,
      timing: { enum: ['wall', 'cpu'], default: 'wall', description: 'Which clock speedups are measured with.' },
      memory: {
        enum: ['python', 'process_tree'],
        description: 'Deprecated and ignored: peak memory is always the whole box during the call (all processes and allocators), raised to the Python-level peak when that is higher.',
      },
      scoring,
      policy,
      io_service: object(
        'A simulated remote service (course_io) served to submissions over a Unix socket.',
        { latency_ms: { type: 'number', minimum: 0, maximum: 10000, description: 'Delay of every request (ms).' } },
        { required: ['latency_ms'] },
      ),
    },
    { required: ['title', 'topic', 'function', 'cases', 'benchmark'] },
  ),
};
