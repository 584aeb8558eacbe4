import { createHmac } from 'node:crypto';
import { newSecret, signature, signedHeaders, TIMESTAMP_TOLERANCE_S, verifySignature } from '../../src/webhooks/standard-webhooks.js';

// The example from the Standard Webhooks specification's reference libraries.
const SPEC_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const SPEC_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const SPEC_TIMESTAMP = 1614265330;
const SPEC_BODY = '{"test": 2432232314}';
const SPEC_SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

describe('Standard Webhooks signing', () => {
  it('matches the specification\'s example', () => {
    expect(signedHeaders([SPEC_SECRET], SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)['webhook-signature']).toBe(SPEC_SIGNATURE);
    expect(verifySignature({ 'webhook-id': SPEC_ID, 'webhook-timestamp': String(SPEC_TIMESTAMP), 'webhook-signature': SPEC_SIGNATURE }, SPEC_BODY, [SPEC_SECRET], SPEC_TIMESTAMP)).toEqual({
      ok: true,
      id: SPEC_ID,
      timestampS: SPEC_TIMESTAMP,
      secretIndex: 0,
    });
  });

  it('makes secrets of 32 random bytes, keyed by their decoded bytes', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(newSecret()).not.toBe(secret);
    const key = Buffer.from(secret.slice(6), 'base64');
    expect(key).toHaveLength(32);
    expect(signature(secret, 'id', 1, 'body')).toBe(createHmac('sha256', key).update('id.1.body').digest('base64'));
  });

  it('signs with every secret of a rotation, and either verifies', () => {
    const [current, previous] = [newSecret(), newSecret()];
    const headers = signedHeaders([current, previous], 'msg_1', 1000, '{}');
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(verifySignature(headers, '{}', [previous], 1000)).toMatchObject({ ok: true, secretIndex: 0 });
    expect(verifySignature(headers, '{}', [newSecret(), current], 1000)).toMatchObject({ ok: true, secretIndex: 1 });
  });

  it('refuses, saying why: missing headers, a bad or stale timestamp, a signature that does not match', () => {
    const secret = newSecret();
    const headers = signedHeaders([secret], 'msg_1', 10_000, 'body');
    const failure = (h: Partial<typeof headers>, body = 'body', now = 10_000, secrets = [secret]) => {
      const result = verifySignature(h, body, secrets, now);
      return result.ok ? 'ok' : result.failure;
    };
    expect(failure({ ...headers, 'webhook-signature': undefined })).toBe('missing_headers');
    expect(failure({ ...headers, 'webhook-timestamp': '10000.5' })).toBe('bad_timestamp');
    expect(failure(headers, 'body', 10_000 + TIMESTAMP_TOLERANCE_S)).toBe('ok');
    expect(failure(headers, 'body', 10_000 + TIMESTAMP_TOLERANCE_S + 1)).toBe('stale_timestamp');
    expect(failure(headers, 'body', 10_000 - TIMESTAMP_TOLERANCE_S - 1)).toBe('stale_timestamp');
    expect(failure(headers, 'Body')).toBe('bad_signature');
    expect(failure({ ...headers, 'webhook-id': 'msg_2' })).toBe('bad_signature');
    expect(failure({ ...headers, 'webhook-timestamp': '10001' })).toBe('bad_signature');
    expect(failure(headers, 'body', 10_000, [newSecret()])).toBe('bad_signature');
    expect(failure({ ...headers, 'webhook-signature': headers['webhook-signature'].replace('v1,', 'v2,') })).toBe('bad_signature');
    expect(failure({ ...headers, 'webhook-signature': 'v1,short' })).toBe('bad_signature');
  });
});
