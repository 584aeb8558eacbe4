import { Injectable, type MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';
import type { Caller } from '../accounts/caller.js';
import type { GradingProgress } from '../grading/report.types.js';
import { ProgressBus } from '../queue/progress-bus.js';
import { QueueService } from '../queue/queue.service.js';
import { SubmissionsService } from './submissions.service.js';

/** How often the stream looks at the database (queue position; progress from workers in other processes; the end). */
const POLL_MS = 1000;
/** Database progress is ignored while this process's own worker has reported more recently than this. */
const LOCAL_PROGRESS_FRESH_MS = 3000;
/** A long wait in the queue repeats its last event this often, so proxies do not close a silent stream. */
const KEEPALIVE_MS = 15_000;

/**
 * Server-Sent Events for one submission:
 *   queued   { position }                      while it waits (1 = next)
 *   progress { phase, message, step?, of? }   while it is graded (phase: preparing, checking, measuring, …)
 *   done     { status, score, maxScore, message }  once, then the stream ends
 * Progress from a worker in this process arrives at once; from other processes, through the job row.
 */
@Injectable()
export class SubmissionEventsService {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly queue: QueueService,
    private readonly bus: ProgressBus,
  ) {}

  /** Checks access first (someone else's submission is a 404 before any event is sent). */
  async events(caller: Caller, id: string): Promise<Observable<MessageEvent>> {
    await this.submissions.readable(caller, id);
    return new Observable<MessageEvent>((subscriber) => {
      let lastSent = '';
      let lastSentAt = 0;
      let localProgressAt = 0;
      let polling = false;
      let ended = false;
      const send = (type: string, data: object) => {
        const key = `${type}:${JSON.stringify(data)}`;
        if (ended || (key === lastSent && Date.now() - lastSentAt < KEEPALIVE_MS)) return;
        lastSent = key;
        lastSentAt = Date.now();
        subscriber.next({ type, data });
      };
      const progress = (p: GradingProgress) => send('progress', { phase: p.phase, message: p.message, ...(p.step !== undefined ? { step: p.step, of: p.of } : {}) });
      const poll = async () => {
        if (polling || ended) return;
        polling = true;
        try {
          const view = await this.submissions.get(caller, id);
          if (view.status !== 'queued' && view.status !== 'running' && !view.queue) {
            send('done', { status: view.status, score: view.score, maxScore: view.maxScore, message: view.message });
            ended = true;
            subscriber.complete();
            return;
          }
          if (view.queue?.state === 'queued') send('queued', { position: view.queue.position ?? 1 });
          else if (view.queue?.progress && Date.now() - localProgressAt > LOCAL_PROGRESS_FRESH_MS) progress(view.queue.progress);
        } catch (error) {
          ended = true;
          subscriber.error(error);
        } finally {
          polling = false;
        }
      };
      const unsubscribe = this.bus.subscribe(id, (event) => {
        if (event.type === 'progress') {
          localProgressAt = Date.now();
          progress(event.progress);
        } else void poll();
      });
      const timer = setInterval(() => void poll(), POLL_MS);
      void poll();
      return () => {
        ended = true;
        clearInterval(timer);
        unsubscribe();
      };
    });
  }
}
