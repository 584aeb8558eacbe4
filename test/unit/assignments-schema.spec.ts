import { readFile } from 'node:fs/promises';
import { assignmentSchema } from '../../src/assignments/assignment.schema.js';
import { renderAssignmentSchema } from '../../src/assignments/assignment-schema-file.js';
import { checkRules } from '../../src/assignments/assignment-rules.js';
import type { AssignmentYaml } from '../../src/assignments/assignment-yaml.types.js';
import { validateAgainstSchema } from '../../src/assignments/schema-validator.js';
import { parseYaml } from '../../src/assignments/yaml-document.js';

/** The smallest valid assignment; tests change one thing at a time. */
function minimal(): Record<string, any> {
  return {
    title: 'Sum',
    topic: 'basics',
    function: 'total',
    cases: [{ name: 'small', size: { n: 10 }, seed: 1 }],
    benchmark: { size: { n: 1000 } },
  };
}

function messagesFor(change: (data: Record<string, any>) => void) {
  const data = minimal();
  change(data);
  return validateAgainstSchema(data);
}

describe('the published schema file', () => {
  it('is assignments/assignment.schema.json as generated from assignment.schema.ts (regenerate it with write-assignment-schema)', async () => {
    const committed = await readFile('assignments/assignment.schema.json', 'utf8');

    expect(committed).toBe(renderAssignmentSchema());
  });

  it('describes every field and closes every object, so editors can help and typos are caught', () => {
    const undocumented: string[] = [];
    const open: string[] = [];
    const visit = (schema: any, where: string) => {
      if (typeof schema !== 'object' || schema === null) return;
      if (schema.properties) {
        if (schema.additionalProperties !== false) open.push(where);
        for (const [key, property] of Object.entries<any>(schema.properties)) {
          if (!property.description) undocumented.push(`${where}.${key}`);
          visit(property, `${where}.${key}`);
        }
      }
      if (schema.items) visit(schema.items, `${where}[]`);
      (schema.oneOf ?? []).forEach((branch: any, index: number) => visit(branch, `${where}<${index}>`));
    };

    visit(assignmentSchema, '$');

    expect(undocumented).toEqual([]);
    expect(open).toEqual([]);
  });
});

describe('the canonical example', () => {
  it('assignments/monte-carlo-pi/assignment.yaml passes the schema and the cross-field rules', async () => {
    const parsed = parseYaml(await readFile('assignments/monte-carlo-pi/assignment.yaml', 'utf8'));
    if (!parsed.ok) throw new Error(parsed.error.message);

    expect(validateAgainstSchema(parsed.yaml.data)).toEqual([]);
    expect(checkRules(parsed.yaml.data as AssignmentYaml)).toEqual([]);
  });
});

describe('schema messages say what to fix', () => {
  it('fills defaults in place', () => {
    const data = minimal();

    validateAgainstSchema(data);

    expect(data.limits).toEqual({ wall_time_s: 30, cpu_time_s: 60, memory_mb: 1024, processes: 64, output_kb: 64, file_size_mb: 64, disk_mb: 256, cores: 1 });
    expect(data.scoring.weights).toEqual({ correctness: 40, speed: 50, memory: 10 });
    expect(data.checker).toEqual({ kind: 'exact' });
  });

  it.each([
    ['camelCase key', (d: any) => (d.limits = { wallTimeS: 5 }), ['limits', 'wallTimeS'], "unknown field 'wallTimeS' — did you mean 'wall_time_s'?"],
    ['far-off key', (d: any) => (d.colour = 'red'), ['colour'], expect.stringMatching(/^unknown field 'colour' — allowed here: title, topic, function, /)],
    ['misspelt choice', (d: any) => (d.scoring = { speed: { curve: 'logg' } }), ['scoring', 'speed', 'curve'], 'must be one of log, linear (got "logg") — did you mean \'log\'?'],
    ['too few rounds', (d: any) => (d.benchmark.rounds = 0), ['benchmark', 'rounds'], 'must be at least 1 (got 0)'],
    ['too many cores', (d: any) => (d.limits = { cores: 65 }), ['limits', 'cores'], 'must be at most 64 (got 65)'],
    ['speed target of 1', (d: any) => (d.scoring = { speed: { target: 1 } }), ['scoring', 'speed', 'target'], 'must be greater than 1 (got 1)'],
    ['negative weight', (d: any) => (d.scoring = { weights: { correctness: -1, speed: 1, memory: 1 } }), ['scoring', 'weights', 'correctness'], 'must be at least 0 (got -1)'],
    ['negative rtol', (d: any) => (d.checker = { kind: 'allclose', rtol: -1, atol: 0 }), ['checker', 'rtol'], 'must be at least 0 (got -1)'],
    ['unknown checker field', (d: any) => (d.checker = { kind: 'exact', rtol: 1 }), ['checker', 'rtol'], "unknown field 'rtol' — allowed here: kind"],
    ['case name with spaces', (d: any) => (d.cases[0].name = 'Big One'), ['cases', 0, 'name'], 'must be lowercase letters, digits, - and _ (1–64 characters) (got "Big One")'],
    ['size key not an identifier', (d: any) => (d.benchmark.size = { 'n-max': 3 }), ['benchmark', 'size', 'n-max'], "key 'n-max' must be a Python identifier (letters, digits, _; not starting with a digit)"],
    ['size value a list', (d: any) => (d.benchmark.size = { n: [1] }), ['benchmark', 'size', 'n'], 'must be a number, a string or true or false (got a list)'],
    ['deadline without zone', (d: any) => (d.policy = { deadline: '2025-03-01T23:59:00' }), ['policy', 'deadline'], expect.stringContaining('must be a date-time with a time zone')],
    ['impossible date', (d: any) => (d.policy = { deadline: '2025-02-30T12:00:00Z' }), ['policy', 'deadline'], expect.stringContaining('must be a date-time')],
    ['no cases', (d: any) => (d.cases = []), ['cases'], 'must have at least 1 entry'],
    ['empty section', (d: any) => (d.files = null), ['files'], 'must be a mapping (key: value) (got an empty value)'],
  ])('%s', (_name, change, path, message) => {
    expect(messagesFor(change)).toEqual([{ path, message }]);
  });

  it('accepts a well-formed deadline', () => {
    expect(messagesFor((d) => (d.policy = { deadline: '2025-03-01T23:59:00+01:00' }))).toEqual([]);
  });
});

describe('cross-field rules', () => {
  function rulesFor(change: (data: Record<string, any>) => void) {
    const data = minimal();
    change(data);
    expect(validateAgainstSchema(data)).toEqual([]);
    return checkRules(data as AssignmentYaml);
  }

  it('needs the weights to add up to more than 0', () => {
    expect(rulesFor((d) => (d.scoring = { weights: { correctness: 0, speed: 0, memory: 0 } }))).toEqual([
      { path: ['scoring', 'weights'], message: expect.stringContaining('add up to 0') },
    ]);
  });

  it('needs zero_ratio above target_ratio', () => {
    expect(rulesFor((d) => (d.scoring = { memory: { target_ratio: 2, zero_ratio: 2 } }))).toEqual([
      { path: ['scoring', 'memory', 'zero_ratio'], message: 'must be greater than target_ratio (2)' },
    ]);
  });

  it('needs max_rounds at least rounds', () => {
    expect(rulesFor((d) => Object.assign(d.benchmark, { rounds: 6, max_rounds: 5 }))).toEqual([
      { path: ['benchmark', 'max_rounds'], message: expect.stringContaining('must be at least rounds (6)') },
    ]);
  });
});
