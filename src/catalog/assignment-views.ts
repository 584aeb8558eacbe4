import type { CurrentAssignment, ListedAssignment } from './assignment-records.repository.js';
import type { AssignmentDetailDto, AssignmentSummaryDto, StaffAssignmentDetailDto } from './assignment.dto.js';

export function summaryView({ assignment, version }: ListedAssignment): AssignmentSummaryDto {
  const { deadline } = version.definition.policy;
  return { slug: assignment.slug, title: assignment.title, topic: version.definition.topic, available: assignment.available, ...(deadline ? { deadline } : {}) };
}

/** Built field by field (never by copying and deleting), so a field added to the definition stays private until chosen here. */
export function studentView(current: CurrentAssignment): AssignmentDetailDto {
  const { definition: d, files } = current.version;
  const { deadline, latePenalty, maxAttempts, cooldownS, counts } = d.policy;
  return {
    ...summaryView(current),
    function: d.function,
    version: current.version.contentHash,
    description: files.readme,
    baseline: files.baseline,
    cases: d.cases.filter((c) => !c.hidden).map(({ name, size, seed }) => ({ name, size, seed })),
    hiddenCases: d.cases.filter((c) => c.hidden).length,
    benchmark: { size: d.benchmark.size, rounds: d.benchmark.rounds },
    limits: d.limits,
    timing: d.timing,
    scoring: { weights: d.scoring.weights, speedTarget: d.scoring.speed.target },
    policy: { ...(deadline ? { deadline } : {}), latePenalty, ...(maxAttempts ? { maxAttempts } : {}), cooldownS, counts },
  };
}

export function staffView(current: CurrentAssignment): StaffAssignmentDetailDto {
  const { definition, files } = current.version;
  return {
    ...studentView(current),
    allCases: definition.cases,
    reference: files.reference,
    generator: files.generator,
    checker: definition.checker,
    definition,
  };
}
