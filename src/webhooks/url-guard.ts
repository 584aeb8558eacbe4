import { Injectable } from '@nestjs/common';
import { isIP } from 'node:net';
import { DomainError } from '../common/domain-error.js';
import { ConfigService } from '../config/config.service.js';
import { isPrivateAddress } from './address-policy.js';
import { HostResolver } from './host-resolver.js';

const MAX_URL_LENGTH = 2048;

/**
 * Decides whether perfgrade may send to a URL: http or https, no credentials in it, and — unless
 * WEBHOOK_ALLOW_PRIVATE_URLS — a host whose every address is public. Checked when an endpoint is registered,
 * and again for every connection the sender opens (a name may resolve elsewhere by then).
 */
@Injectable()
export class UrlGuard {
  constructor(
    private readonly resolver: HostResolver,
    private readonly config: ConfigService,
  ) {}

  get allowsPrivate(): boolean {
    return this.config.webhookAllowPrivateUrls;
  }

  /** The URL, parsed, if it may be used; otherwise a refusal that says why and what to change. */
  async check(raw: string): Promise<URL> {
    const url = parseShape(raw);
    if (this.allowsPrivate) return url;
    const host = hostOf(url);
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : await this.resolver.resolve(host);
    } catch (error) {
      throw new DomainError('invalid', `url: the host name ${host} could not be resolved (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
    }
    const refused = addresses.find(isPrivateAddress);
    if (refused !== undefined) throw privateRefusal(host, refused);
    return url;
  }

  /** For the sender's connections: throws when an address just resolved for `host` is not allowed. */
  assertAddress(host: string, address: string): void {
    if (!this.allowsPrivate && isPrivateAddress(address)) throw privateRefusal(host, address);
  }
}

function parseShape(raw: string): URL {
  if (raw.length > MAX_URL_LENGTH) throw new DomainError('invalid', `url: at most ${MAX_URL_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DomainError('invalid', `url: "${raw.slice(0, 100)}" is not a URL; give one such as https://lms.example.edu/perfgrade/webhook.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new DomainError('invalid', `url: must start with https:// (or http://), not ${url.protocol}//.`);
  if (url.username || url.password) throw new DomainError('invalid', 'url: must not contain a user name or password; receivers authenticate us by the signature.');
  return url;
}

/** The host as the resolver wants it: IPv6 literals without their brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

function privateRefusal(host: string, address: string): DomainError {
  return new DomainError(
    'invalid',
    `url: ${host === address ? address : `${host} resolves to ${address}, which`} is a loopback or private address; webhooks go to public addresses only (set WEBHOOK_ALLOW_PRIVATE_URLS=true for an LMS on the same network).`,
  );
}
