import { Injectable } from '@nestjs/common';
import { lookup } from 'node:dns/promises';

/** Name resolution, behind an injectable so URL checks can be tested without a DNS server. */
@Injectable()
export class HostResolver {
  /** Every address the name resolves to (a check must pass for all of them: any one may be used). */
  async resolve(host: string): Promise<string[]> {
    const answers = await lookup(host, { all: true, verbatim: true });
    return answers.map((answer) => answer.address);
  }
}
