import type { Finding } from './field-path.js';
import { maxRoundsOf, zeroRatioOf } from './assignment-mapping.js';
import type { AssignmentYaml } from './assignment-yaml.types.js';

/** Checks that need more than one field, which JSON Schema cannot express. */
export function checkRules(yaml: AssignmentYaml): Finding[] {
  return [...duplicateCaseNames(yaml), ...noPublicCase(yaml), ...zeroWeights(yaml), ...memoryCurve(yaml), ...roundBounds(yaml)];
}

function duplicateCaseNames(yaml: AssignmentYaml): Finding[] {
  const firstIndex = new Map<string, number>();
  const findings: Finding[] = [];
  yaml.cases.forEach(({ name }, index) => {
    const first = firstIndex.get(name);
    if (first === undefined) firstIndex.set(name, index);
    else findings.push({ path: ['cases', index, 'name'], message: `'${name}' is already the name of cases[${first}] — case names must be unique` });
  });
  return findings;
}

function noPublicCase(yaml: AssignmentYaml): Finding[] {
  if (yaml.cases.some((testCase) => !testCase.hidden)) return [];
  // Students need at least one case whose input and expected output they can see, to know what is asked.
  return [{ path: ['cases'], message: 'every case is hidden — make at least one public (remove hidden: true from one)' }];
}

function zeroWeights(yaml: AssignmentYaml): Finding[] {
  const { correctness, speed, memory } = yaml.scoring.weights;
  if (correctness + speed + memory > 0) return [];
  return [{ path: ['scoring', 'weights'], message: 'the weights add up to 0, so there is nothing to score — give at least one of them points' }];
}

function memoryCurve(yaml: AssignmentYaml): Finding[] {
  const { memory } = yaml.scoring;
  if (zeroRatioOf(memory) > memory.target_ratio) return [];
  return [{ path: ['scoring', 'memory', 'zero_ratio'], message: `must be greater than target_ratio (${memory.target_ratio})` }];
}

function roundBounds(yaml: AssignmentYaml): Finding[] {
  const { benchmark } = yaml;
  if (maxRoundsOf(benchmark) >= benchmark.rounds) return [];
  return [{ path: ['benchmark', 'max_rounds'], message: `must be at least rounds (${benchmark.rounds}), since re-measuring only adds rounds` }];
}
