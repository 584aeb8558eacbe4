import { PhaseTimer } from '../../src/metrics/grading-phases.js';

describe('the grading phase timer', () => {
  it('times each phase from its first progress report to the next phase, and counts "done" as no phase', () => {
    const observed: [string, number][] = [];
    const timer = new PhaseTimer((phase, seconds) => observed.push([phase, seconds]));
    for (const phase of ['preparing', 'checking', 'checking', 'checking', 'measuring', 'scoring', 'done']) timer.progress(phase);
    timer.stop();
    expect(observed.map(([phase]) => phase)).toEqual(['preparing', 'checking', 'measuring', 'scoring']);
    for (const [, seconds] of observed) expect(seconds).toBeGreaterThanOrEqual(0);
  });

  it('closes the phase a grade was in when it ends without "done" (a crash of ours), once', () => {
    const observed: string[] = [];
    const timer = new PhaseTimer((phase) => observed.push(phase));
    timer.progress('preparing');
    timer.progress('checking');
    timer.stop();
    timer.stop();
    expect(observed).toEqual(['preparing', 'checking']);
  });
});
