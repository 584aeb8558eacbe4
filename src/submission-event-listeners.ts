import { SubmissionEventsModule } from './events/submission-events.module.js';
import { WebhookOutboxModule } from './webhooks/webhook-outbox.module.js';
import { WebhookOutbox } from './webhooks/webhook-outbox.service.js';

/**
 * Who hears about submissions, the same in every process that accepts or grades them: the webhook outbox.
 * (LTI grade passback joins this list.)
 */
export const SubmissionEventListeners = SubmissionEventsModule.withListeners([WebhookOutboxModule], [WebhookOutbox]);
