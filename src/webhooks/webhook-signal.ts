import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/** In-process news that deliveries were committed: wakes idle senders here. Other processes find them by polling. */
@Injectable()
export class WebhookSignal {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  announce(): void {
    this.emitter.emit('due');
  }

  onDue(listener: () => void): () => void {
    this.emitter.on('due', listener);
    return () => this.emitter.off('due', listener);
  }
}
