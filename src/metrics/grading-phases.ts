import { Injectable } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { MetricsRegistry } from './metrics-registry.js';

/** From a tenth of a second (a syntax error) to ten minutes (an honest timing of a slow baseline). */
const BUCKETS_S = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600];

/**
 * How long each phase of a grade takes, timed in the worker from the grading core's progress reports: a
 * phase lasts from its first report until the next phase's (or the end of the grade).
 */
@Injectable()
export class GradingPhases {
  private readonly seconds: Histogram<'assignment' | 'phase'>;

  constructor(metrics: MetricsRegistry) {
    this.seconds = new Histogram({
      name: 'perfgrade_grading_phase_seconds',
      help: 'Time spent in each grading phase (preparing, checking, measuring, memory, profiling, scoring), timed by this process.',
      labelNames: ['assignment', 'phase'],
      buckets: BUCKETS_S,
      registers: [metrics.registry],
    });
  }

  /** A timer for one grade: feed it every progress report, stop it when the grade ends however it ends. */
  start(assignment: string): PhaseTimer {
    return new PhaseTimer((phase, seconds) => this.seconds.observe({ assignment, phase }, seconds));
  }
}

export class PhaseTimer {
  private current: { phase: string; since: number } | undefined;

  constructor(private readonly observe: (phase: string, seconds: number) => void) {}

  progress(phase: string): void {
    if (phase === this.current?.phase) return;
    this.stop();
    // "done" is a moment, not a phase.
    if (phase !== 'done') this.current = { phase, since: performance.now() };
  }

  stop(): void {
    if (this.current) this.observe(this.current.phase, (performance.now() - this.current.since) / 1000);
    this.current = undefined;
  }
}
