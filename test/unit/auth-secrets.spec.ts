import { PasswordHasher } from '../../src/accounts/password-hasher.js';
import { formatToken, hashSecret, newSecret, parseToken, secretMatches } from '../../src/accounts/token-secret.js';

describe('tokens', () => {
  it('are "<id>.<secret>", and only a hash of the secret is compared', () => {
    const id = '0b43e635-90db-4127-9de9-914cfaf7ecdf';
    const secret = newSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(parseToken(formatToken(id, secret))).toEqual({ id, secret });
    expect(secretMatches(secret, hashSecret(secret))).toBe(true);
    expect(secretMatches(`${secret}x`, hashSecret(secret))).toBe(false);
    expect(parseToken('not-a-uuid.secretsecretsecretsecret')).toBeNull();
    expect(parseToken(`${id}.short`)).toBeNull();
    expect(parseToken(id)).toBeNull();
  });
});

describe('passwords', () => {
  const hasher = new PasswordHasher();

  it('are hashed with scrypt at N=2^17, r=8, p=1 and a random salt', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$17\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{88}$/);
    expect(await hasher.hash('correct horse battery staple')).not.toBe(hash);
    await expect(hasher.verify('correct horse battery staple', hash)).resolves.toBe(true);
    await expect(hasher.verify('correct horse battery stapler', hash)).resolves.toBe(false);
    await expect(hasher.verify('x', 'md5$whatever')).resolves.toBe(false);
    await expect(hasher.verifyNothing('x')).resolves.toBe(false);
  });
});
