import os from 'node:os';
import { ConfigInvalid, ConfigService } from '../../src/config/config.service.js';

describe('service settings', () => {
  it('have defaults that run with zero setup', () => {
    const config = new ConfigService({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      publicUrl: 'http://localhost:3000',
      databaseUrl: undefined,
      graderConcurrency: 1,
      adminEmail: 'instructor@perfgrade.local',
      adminPassword: undefined,
      jobLeaseS: 60,
      jobMaxAttempts: 3,
      cookieSecure: false,
    });
  });

  it.each([
    ['PORT', '70000', /^PORT: expected a whole number from 1 to 65535/],
    ['DATABASE_URL', 'mysql://x/y', /^DATABASE_URL: expected a connection string/],
    ['GRADER_CONCURRENCY', 'two', /^GRADER_CONCURRENCY: expected a whole number/],
    ['ADMIN_EMAIL', 'nobody', /^ADMIN_EMAIL: expected an email address/],
    ['ADMIN_PASSWORD', 'short', /^ADMIN_PASSWORD: must be at least 10 characters/],
    ['PUBLIC_URL', 'ftp://x', /^PUBLIC_URL: expected an http or https URL/],
    ['JOB_LEASE_S', '1', /^JOB_LEASE_S: expected a whole number from 2 to 3600/],
    ['COOKIE_SECURE', 'maybe', /^COOKIE_SECURE: expected true or false/],
    ['CSRF_SECRET', 'too short', /^CSRF_SECRET: must be at least 32 characters/],
    ['LOG_LEVEL', 'loud', /^LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent/],
    ['LOG_FORMAT', 'xml', /^LOG_FORMAT: expected one of json, pretty/],
    ['WORKER_METRICS_PORT', '0', /^WORKER_METRICS_PORT: expected a whole number from 1 to 65535/],
  ])('refuse a bad %s and name it', (variable, value, message) => {
    expect(() => new ConfigService({ [variable]: value })).toThrow(ConfigInvalid);
    expect(() => new ConfigService({ [variable]: value })).toThrow(message);
  });

  it('sign form tokens with the given secret, or a random one per process', () => {
    expect(new ConfigService({ CSRF_SECRET: 'x'.repeat(32) }).csrfSecret).toBe('x'.repeat(32));
    const [a, b] = [new ConfigService({}).csrfSecret, new ConfigService({}).csrfSecret];
    expect(a).toMatch(/^[\w-]{43}$/);
    expect(a).not.toBe(b);
  });

  it('accept socket-style Postgres URLs', () => {
    const url = 'postgres://postgres@/perfgrade?host=/var/run/postgresql';
    expect(new ConfigService({ DATABASE_URL: url }).databaseUrl).toBe(url);
  });

  it('give each grading slot a core of its own', () => {
    const cores = new ConfigService({ GRADER_CORES: '0' });
    expect(cores.graderConcurrency).toBe(1);
    expect(() => new ConfigService({ GRADER_CORES: '0', GRADER_CONCURRENCY: '2' })).toThrow(/^GRADER_CONCURRENCY: 2 grading slots need at least as many grader cores/);
    if (os.availableParallelism() >= 2) expect(new ConfigService({ GRADER_CORES: '0,1', GRADER_CONCURRENCY: '2' }).graderConcurrency).toBe(2);
  });
});
