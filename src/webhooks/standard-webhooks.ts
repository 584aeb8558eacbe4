import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks (https://www.standardwebhooks.com): the signature is HMAC-SHA256, keyed with the secret's
 * bytes, over "<webhook-id>.<webhook-timestamp>.<body>", sent as "v1,<base64>"; several signatures (a
 * rotation's old and new secret) are separated by spaces. Used both ways: signing our deliveries and
 * verifying an LMS's submissions.
 */
export const SECRET_PREFIX = 'whsec_';
/** Receivers (us included) refuse timestamps further than this from their clock: a captured request goes stale. */
export const TIMESTAMP_TOLERANCE_S = 5 * 60;

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** `whsec_` + 32 random bytes in base64: the form the Standard Webhooks libraries accept as is. */
export function newSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

/** The base64 signature of one message with one secret. */
export function signature(secret: string, id: string, timestampS: number, body: string | Uint8Array): string {
  const hmac = createHmac('sha256', keyOf(secret));
  hmac.update(`${id}.${timestampS}.`);
  hmac.update(body);
  return hmac.digest('base64');
}

/** Headers for one attempt: signed with every given secret (the new one first, then one still in its grace period). */
export function signedHeaders(secrets: string[], id: string, timestampS: number, body: string | Uint8Array): SignedHeaders {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampS),
    'webhook-signature': secrets.map((secret) => `v1,${signature(secret, id, timestampS, body)}`).join(' '),
  };
}

export type VerifyFailure = 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature';

export type VerifyResult = { ok: true; id: string; timestampS: number; secretIndex: number } | { ok: false; failure: VerifyFailure; message: string };

/**
 * Checks a signed request against candidate secrets, in constant time per signature. Says which secret
 * matched (the caller knows what it stands for) or why none did, in words an integrator can act on.
 */
export function verifySignature(
  headers: Partial<Record<keyof SignedHeaders, string | undefined>>,
  body: string | Uint8Array,
  secrets: string[],
  nowS: number,
): VerifyResult {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  const missing = (['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const).filter((name) => !headers[name]);
  if (!id || !timestamp || !signatures) {
    return { ok: false, failure: 'missing_headers', message: `The request is not signed: the header${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing. Sign it as Standard Webhooks describe (see docs/connecting-an-lms.md).` };
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, failure: 'bad_timestamp', message: `webhook-timestamp must be whole seconds since 1970 (Unix time), got "${timestamp.slice(0, 40)}".` };
  }
  const timestampS = Number(timestamp);
  const offS = timestampS - nowS;
  if (Math.abs(offS) > TIMESTAMP_TOLERANCE_S) {
    return {
      ok: false,
      failure: 'stale_timestamp',
      message: `webhook-timestamp is ${Math.abs(offS)} s ${offS < 0 ? 'in the past' : 'in the future'}; at most ${TIMESTAMP_TOLERANCE_S} s either way is accepted. Sign each request when sending it, and check the sender's clock.`,
    };
  }
  const offered = signatures
    .split(' ')
    .filter((part) => part.startsWith('v1,'))
    .map((part) => Buffer.from(part.slice(3), 'base64'));
  for (const [index, secret] of secrets.entries()) {
    const expected = Buffer.from(signature(secret, id, timestampS, body), 'base64');
    if (offered.some((given) => given.length === expected.length && timingSafeEqual(given, expected))) return { ok: true, id, timestampS, secretIndex: index };
  }
  return {
    ok: false,
    failure: 'bad_signature',
    message: 'The signature does not match: sign "<webhook-id>.<webhook-timestamp>.<body>" with HMAC-SHA256, keyed with the base64-decoded part of the secret after "whsec_", over the exact bytes of the body you send, and send it as "v1,<base64>".',
  };
}
