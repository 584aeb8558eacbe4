import { ConfigService } from '../../src/config/config.service.js';
import { isPrivateAddress } from '../../src/webhooks/address-policy.js';
import type { HostResolver } from '../../src/webhooks/host-resolver.js';
import { UrlGuard } from '../../src/webhooks/url-guard.js';

/** Resolves from a table, like a DNS server under the test's control. */
function resolver(table: Record<string, string[]>): HostResolver {
  return {
    resolve: async (host: string) => {
      const found = table[host];
      if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return found;
    },
  };
}

const DNS = {
  'lms.example.edu': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'sneaky.example.edu': ['93.184.216.34', '10.0.0.7'],
  'metadata.example.edu': ['169.254.169.254'],
  'local.example.edu': ['::1'],
};

describe('webhook URL guard', () => {
  const guard = (allowPrivate = false) => new UrlGuard(resolver(DNS), new ConfigService({ WEBHOOK_ALLOW_PRIVATE_URLS: String(allowPrivate), GRADER_CONCURRENCY: '0' }));

  it('knows loopback, private, link-local and reserved addresses, in IPv4 and IPv6', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '::ffff:a00:1', '64:ff9b::10.0.0.1']) {
      expect([address, isPrivateAddress(address)]).toEqual([address, true]);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34']) {
      expect([address, isPrivateAddress(address)]).toEqual([address, false]);
    }
  });

  it('accepts public http(s) URLs', async () => {
    await expect(guard().check('https://lms.example.edu/hook?course=1')).resolves.toBeInstanceOf(URL);
    await expect(guard().check('http://93.184.216.34:8080/hook')).resolves.toBeInstanceOf(URL);
  });

  it('refuses a host when any address it resolves to is private, and says which', async () => {
    await expect(guard().check('https://sneaky.example.edu/hook')).rejects.toThrow('url: sneaky.example.edu resolves to 10.0.0.7, which is a loopback or private address');
    await expect(guard().check('https://metadata.example.edu/')).rejects.toThrow(/169\.254\.169\.254/);
    await expect(guard().check('https://local.example.edu/')).rejects.toThrow(/::1/);
    await expect(guard().check('http://127.0.0.1:3000/hook')).rejects.toThrow('url: 127.0.0.1 is a loopback or private address');
    await expect(guard().check('http://[::1]/hook')).rejects.toThrow(/::1 is a loopback/);
    await expect(guard().check('https://nowhere.example.edu/')).rejects.toThrow('url: the host name nowhere.example.edu could not be resolved (ENOTFOUND).');
  });

  it('allows private addresses when WEBHOOK_ALLOW_PRIVATE_URLS is set, but never other schemes or credentials', async () => {
    await expect(guard(true).check('http://127.0.0.1:3000/hook')).resolves.toBeInstanceOf(URL);
    await expect(guard(true).check('file:///etc/passwd')).rejects.toThrow(/must start with https:\/\//);
    await expect(guard(true).check('https://a:b@lms.example.edu/')).rejects.toThrow(/user name or password/);
    expect(() => guard().assertAddress('lms.example.edu', '10.0.0.1')).toThrow(/10\.0\.0\.1/);
    expect(() => guard(true).assertAddress('lms.example.edu', '10.0.0.1')).not.toThrow();
  });
});
