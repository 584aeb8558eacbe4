import { AccountsService } from '../../src/accounts/accounts.service.js';
import type { AuthToken, TokenKind } from '../../src/accounts/auth-token.js';
import type { AuthTokensRepository } from '../../src/accounts/auth-tokens.repository.js';
import { AuthService } from '../../src/accounts/auth.service.js';
import type { Caller } from '../../src/accounts/caller.js';
import { LoginRateLimiter } from '../../src/accounts/login-rate-limiter.js';
import type { PasswordHasher } from '../../src/accounts/password-hasher.js';
import { TokensService } from '../../src/accounts/tokens.service.js';
import type { User } from '../../src/accounts/user.js';
import type { NewUser, UsersRepository } from '../../src/accounts/users.repository.js';
import { ConfigService } from '../../src/config/config.service.js';
import type { Tx } from '../../src/database/transactions.js';
import { UniqueViolation } from '../../src/database/unique-violation.js';
import { fakeTransactions, TestClock } from '../support/fakes.js';

/** Logins, tokens and account creation against in-memory tables, a clock the test moves and a cheap hasher. */
const hasher = {
  hash: async (password: string) => `hashed:${password}`,
  verify: async (password: string, stored: string) => stored === `hashed:${password}`,
  verifyNothing: async () => false as const,
} as unknown as PasswordHasher;

function accounts(settings: Record<string, string> = {}) {
  const clock = new TestClock();
  const config = new ConfigService({ LOGIN_MAX_FAILURES: '3', LOGIN_WINDOW_S: '60', PUBLIC_URL: 'https://grader.example', ...settings });
  const users = new Map<string, User>();
  const tokens = new Map<string, AuthToken>();
  let nextId = 0;
  const id = () => `00000000-0000-4000-8000-${String(++nextId).padStart(12, '0')}`;
  let raceOnInsert = false;
  const usersRepository = {
    findById: async (userId: string) => users.get(userId) ?? null,
    findByEmail: async (email: string) => [...users.values()].find((u) => u.email === email.toLowerCase()) ?? null,
    findByEmails: async (emails: string[]) => [...users.values()].filter((u) => emails.includes(u.email)),
    insert: async (user: NewUser) => {
      if (raceOnInsert) throw new UniqueViolation('users_email_key', new Error('duplicate key'));
      const created: User = { ...user, email: user.email.toLowerCase(), id: id(), createdAt: clock.now() };
      users.set(created.id, created);
      return created;
    },
    setPasswordHash: async (userId: string, passwordHash: string) => void users.set(userId, { ...users.get(userId)!, passwordHash }),
  } as unknown as UsersRepository;
  const tokensRepository = {
    insert: async (userId: string, kind: TokenKind, secretHash: string, expiresAt: Date) => {
      const token: AuthToken = { id: id(), userId, kind, secretHash, expiresAt, createdAt: clock.now() };
      tokens.set(token.id, token);
      return token;
    },
    findById: async (tokenId: string) => tokens.get(tokenId) ?? null,
    delete: async (tokenId: string) => void tokens.delete(tokenId),
    deleteForUser: async (userId: string, kind: TokenKind) => {
      for (const [key, token] of tokens) if (token.userId === userId && token.kind === kind) tokens.delete(key);
    },
  } as unknown as AuthTokensRepository;
  const tokensService = new TokensService(tokensRepository, clock);
  const auth = new AuthService(usersRepository, hasher, tokensService, new LoginRateLimiter(config, clock), config);
  const transactions = fakeTransactions();
  const service = new AccountsService(usersRepository, hasher, tokensService, transactions, config);
  return { auth, service, tokensService, clock, users, race: () => (raceOnInsert = true) };
}

const ADMIN: Caller = { id: 'admin', email: 'root@uni.test', name: 'Root', role: 'admin' };
const INSTRUCTOR: Caller = { id: 'grace', email: 'grace@uni.test', name: 'Grace', role: 'instructor' };

describe('logging in', () => {
  it('gives a bearer token and a separate session, both of which authenticate', async () => {
    const { auth, service } = accounts();
    await service.create(ADMIN, { email: 'Ada@Uni.test', name: 'Ada', role: 'student', password: 'a long password' });
    const login = await auth.login({ email: ' ada@uni.TEST ', password: 'a long password' }, '10.0.0.1');
    expect(login.user).toMatchObject({ email: 'ada@uni.test', role: 'student' });
    expect(login.token).not.toBe(login.session.token);
    await expect(auth.authenticate(login.token)).resolves.toMatchObject({ email: 'ada@uni.test' });
    await expect(auth.authenticate(login.session.token)).resolves.toMatchObject({ email: 'ada@uni.test' });
  });

  it('says the same for a wrong password and an unknown email, then slows guessing down', async () => {
    const { auth, service, clock } = accounts();
    await service.create(ADMIN, { email: 'ada@uni.test', name: 'Ada', role: 'student', password: 'a long password' });
    const wrong = { kind: 'unauthenticated', message: 'Wrong email or password.' };
    await expect(auth.login({ email: 'ada@uni.test', password: 'guess 1' }, 'a')).rejects.toMatchObject(wrong);
    await expect(auth.login({ email: 'nobody@uni.test', password: 'guess' }, 'a')).rejects.toMatchObject(wrong);
    await expect(auth.login({ email: 'ada@uni.test', password: 'guess 2' }, 'a')).rejects.toMatchObject(wrong);
    await expect(auth.login({ email: 'ada@uni.test', password: 'guess 3' }, 'a')).rejects.toMatchObject(wrong);
    // Even the right password waits out the window, from the same address; another address is not held up.
    await expect(auth.login({ email: 'ada@uni.test', password: 'a long password' }, 'a')).rejects.toMatchObject({ kind: 'too_many', retryAfterS: 60 });
    await expect(auth.login({ email: 'ada@uni.test', password: 'a long password' }, 'b')).resolves.toBeDefined();
    clock.advance(61);
    await expect(auth.login({ email: 'ada@uni.test', password: 'a long password' }, 'a')).resolves.toBeDefined();
  });

  it('ends with the token: revoked and expired tokens authenticate no one', async () => {
    const { auth, service, clock } = accounts({ SESSION_TTL_S: '60' });
    await service.create(ADMIN, { email: 'ada@uni.test', name: 'Ada', role: 'student', password: 'a long password' });
    const login = await auth.login({ email: 'ada@uni.test', password: 'a long password' }, 'a');
    await auth.logout(login.token);
    await expect(auth.authenticate(login.token)).resolves.toBeNull();
    clock.advance(61);
    await expect(auth.authenticate(login.session.token)).resolves.toBeNull();
    await expect(auth.authenticate('not-a-token')).resolves.toBeNull();
  });
});

describe('creating accounts', () => {
  it('without a password, returns an invitation that works once and logs the student in', async () => {
    const { auth, service } = accounts();
    const created = await service.create(INSTRUCTOR, { email: 'ada@uni.test', name: ' Ada ', role: 'student' });
    expect(created.user).toMatchObject({ email: 'ada@uni.test', name: 'Ada', role: 'student' });
    expect(created.invitation!.url).toBe(`https://grader.example/invitation?token=${encodeURIComponent(created.invitation!.token)}`);
    // The invitation is not a login credential.
    await expect(auth.authenticate(created.invitation!.token)).resolves.toBeNull();
    await expect(auth.acceptInvitation({ token: created.invitation!.token, password: 'short' })).rejects.toMatchObject({ kind: 'invalid' });
    const login = await auth.acceptInvitation({ token: created.invitation!.token, password: 'a long password' });
    expect(login.user.email).toBe('ada@uni.test');
    await expect(auth.acceptInvitation({ token: created.invitation!.token, password: 'another password' })).rejects.toMatchObject({ kind: 'gone' });
  });

  it('refuses a second account for an email, also when two creations race (the unique index decides)', async () => {
    const { service, race } = accounts();
    await service.create(INSTRUCTOR, { email: 'ada@uni.test', name: 'Ada', role: 'student' });
    const conflict = { kind: 'conflict', message: 'There is already an account for ada@uni.test.' };
    await expect(service.create(INSTRUCTOR, { email: 'ADA@uni.test', name: 'Ada', role: 'student' })).rejects.toMatchObject(conflict);
    race();
    await expect(service.create(INSTRUCTOR, { email: 'lin@uni.test', name: 'Lin', role: 'student' })).rejects.toMatchObject({
      kind: 'conflict',
      message: 'There is already an account for lin@uni.test.',
    });
  });

  it('lets only admins make admins', async () => {
    const { service } = accounts();
    await expect(service.create(INSTRUCTOR, { email: 'x@uni.test', name: 'X', role: 'admin', password: 'a long password' })).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(service.create(ADMIN, { email: 'x@uni.test', name: 'X', role: 'admin', password: 'a long password' })).resolves.toBeDefined();
  });

  it('imports a roster all or nothing, leaving existing accounts as they are', async () => {
    const { service, users } = accounts();
    await service.create(INSTRUCTOR, { email: 'ada@uni.test', name: 'Ada', role: 'student' });
    await expect(service.importRoster(INSTRUCTOR, 'email,name\nlin@uni.test,Lin\nnot-an-email,Bad\n')).rejects.toMatchObject({ kind: 'invalid' });
    expect(users.size).toBe(1);
    const imported = await service.importRoster(INSTRUCTOR, 'email,name\nlin@uni.test,Lin\nada@uni.test,Ada L.\n');
    expect(imported.existing).toEqual(['ada@uni.test']);
    expect(imported.created.map((c) => [c.user.email, Boolean(c.invitation)])).toEqual([['lin@uni.test', true]]);
    expect([...users.values()].find((u) => u.email === 'ada@uni.test')?.name).toBe('Ada');
  });
});
