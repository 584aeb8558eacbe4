import { Injectable } from '@nestjs/common';

/** The time, behind an injectable so policy (deadlines, cooldowns) can be tested at any moment. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
