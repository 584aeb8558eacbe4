import type { Caller } from '../../src/accounts/caller.js';
import type { User } from '../../src/accounts/user.js';
import type { NewUser, UsersRepository } from '../../src/accounts/users.repository.js';
import type { AssignmentCatalog } from '../../src/catalog/assignment-catalog.service.js';
import { ConfigService } from '../../src/config/config.service.js';
import type { Tx } from '../../src/database/transactions.js';
import { UniqueViolation } from '../../src/database/unique-violation.js';
import type { AcceptedRequest, LmsInboundRepository, StoredAnswer } from '../../src/lms/lms-inbound.repository.js';
import { LmsInboundService } from '../../src/lms/lms-inbound.service.js';
import type { IntegrationSecrets, LmsIntegrationsRepository } from '../../src/lms/lms-integrations.repository.js';
import { LmsStudents } from '../../src/lms/lms-students.service.js';
import type { SubmissionsService } from '../../src/submissions/submissions.service.js';
import { signedHeaders } from '../../src/webhooks/standard-webhooks.js';
import { fakeTransactions, TestClock } from '../support/fakes.js';

/** Who an LMS submits as, and what a repeated or racing signed request creates, against in-memory tables. */
const NOW = new Date('2026-03-02T09:00:00Z');
const SECRET = 'whsec_' + Buffer.alloc(32, 3).toString('base64');
const CREATE: IntegrationSecrets = { id: 'moodle', unknownStudents: 'create', secrets: [SECRET] };
const REFUSE: IntegrationSecrets = { ...CREATE, unknownStudents: 'refuse' };
const ADA = { lmsId: 'lms-7', email: 'Ada@Uni.test', name: 'Ada' };

function tables(initial: User[] = []) {
  const users = new Map(initial.map((u) => [u.id, u]));
  const links = new Map<string, string>();
  const requests = new Map<string, AcceptedRequest>();
  let insertsToRefuse = 0;
  const usersRepository = {
    findById: async (id: string) => users.get(id) ?? null,
    findByEmail: async (email: string) => [...users.values()].find((u) => u.email === email) ?? null,
    insert: async (user: NewUser) => {
      if (insertsToRefuse > 0) {
        // Another request created this student a moment ago.
        insertsToRefuse--;
        const winner: User = { ...user, id: 'winner', createdAt: NOW };
        users.set(winner.id, winner);
        throw new UniqueViolation('users_email_key', new Error('duplicate key'));
      }
      const created: User = { ...user, id: `user-${users.size + 1}`, createdAt: NOW };
      users.set(created.id, created);
      return created;
    },
  } as unknown as UsersRepository;
  const inbound = {
    linkedUser: async (integrationId: string, lmsId: string) => links.get(`${integrationId}/${lmsId}`) ?? null,
    link: async (_tx: Tx, integrationId: string, lmsId: string, userId: string) => {
      if (!links.has(`${integrationId}/${lmsId}`)) links.set(`${integrationId}/${lmsId}`, userId);
    },
    answerTo: async (integrationId: string, webhookId: string) => requests.get(`${integrationId}/${webhookId}`)?.answer ?? null,
    record: async (_tx: Tx, request: AcceptedRequest) => {
      if (requests.has(`${request.integrationId}/${request.webhookId}`)) throw new UniqueViolation('lms_inbound_requests_pkey', new Error('duplicate key'));
      requests.set(`${request.integrationId}/${request.webhookId}`, request);
    },
  } as unknown as LmsInboundRepository;
  const transactions = fakeTransactions();
  const students = new LmsStudents(usersRepository, inbound, transactions, new TestClock(NOW));
  return { users, links, requests, inbound, students, refuseNextInsert: () => insertsToRefuse++ };
}

describe('the student an LMS submits as', () => {
  it('is created (without a password) and linked the first time, then found by the LMS id even if the email changed', async () => {
    const { students, users } = tables();
    const first = await students.resolve(CREATE, ADA);
    expect(first).toEqual({ id: 'user-1', email: 'ada@uni.test', name: 'Ada', role: 'student' });
    expect(users.get('user-1')?.passwordHash).toBeNull();
    await expect(students.resolve(CREATE, { ...ADA, email: 'ada.lovelace@uni.test' })).resolves.toMatchObject({ id: 'user-1' });
    expect(users.size).toBe(1);
  });

  it('is an existing account with the same email, linked', async () => {
    const { students, links } = tables([{ id: 'known', email: 'ada@uni.test', name: 'Ada', role: 'student', passwordHash: 'x', createdAt: NOW }]);
    await expect(students.resolve(REFUSE, ADA)).resolves.toMatchObject({ id: 'known' });
    expect(links.get('moodle/lms-7')).toBe('known');
  });

  it('is refused when unknown and the integration creates no one', async () => {
    const { students } = tables();
    await expect(students.resolve(REFUSE, ADA)).rejects.toMatchObject({ kind: 'unprocessable', message: expect.stringMatching(/Import the course roster first/) });
  });

  it('is the account another request created a moment before (one retry on the unique email)', async () => {
    const { students, refuseNextInsert } = tables();
    refuseNextInsert();
    await expect(students.resolve(CREATE, ADA)).resolves.toMatchObject({ id: 'winner' });
  });

  it('is never staff: an LMS cannot submit past every limit', async () => {
    const { students } = tables([{ id: 'grace', email: 'grace@uni.test', name: 'Grace', role: 'instructor', passwordHash: 'x', createdAt: NOW }]);
    await expect(students.resolve(CREATE, { lmsId: 'lms-1', email: 'grace@uni.test', name: 'Grace' })).rejects.toMatchObject({ kind: 'forbidden' });
  });
});

describe('a signed LMS submission', () => {
  const body = JSON.stringify({ assignment: 'sum-squares', user: ADA, filename: 'solution.py', source: 'def sum_squares(n):\n    return 0\n' });
  const signed = (webhookId: string) => ({
    headers: signedHeaders([SECRET], webhookId, NOW.getTime() / 1000, body),
    rawBody: Buffer.from(body),
    body: JSON.parse(body) as unknown,
  });

  function inboundWith(submit: (caller: Caller, record: (tx: Tx, id: string) => Promise<void>) => Promise<void>) {
    const { inbound, students, requests } = tables();
    const integrations = { secrets: async () => [CREATE] } as unknown as LmsIntegrationsRepository;
    let submitted = 0;
    const submissions = {
      submit: async (caller: Caller, _slug: string, _upload: unknown, inSameTransaction: (tx: Tx, id: string) => Promise<void>) => {
        submitted++;
        await submit(caller, inSameTransaction);
        return { id: 'sub-1', status: 'queued' };
      },
    } as unknown as SubmissionsService;
    const catalog = { forSubmission: async () => ({}) } as unknown as AssignmentCatalog;
    const service = new LmsInboundService(integrations, inbound, students, submissions, catalog, new ConfigService({ PUBLIC_URL: 'https://grader.example' }), new TestClock(NOW));
    return { service, requests, submitted: () => submitted };
  }

  it('is submitted once; a repeat of its webhook-id gets the first answer and creates nothing', async () => {
    const { service, submitted } = inboundWith((_caller, record) => record({} as Tx, 'sub-1'));
    const answer: StoredAnswer = { id: 'sub-1', statusUrl: 'https://grader.example/api/submissions/sub-1' };
    await expect(service.receive(signed('msg-1'))).resolves.toEqual(answer);
    await expect(service.receive(signed('msg-1'))).resolves.toEqual(answer);
    expect(submitted()).toBe(1);
  });

  it('that raced its own twin gets the twin\'s answer instead of an error', async () => {
    const { service, requests } = inboundWith(async (_caller, record) => {
      // The twin committed first: its record is there when ours is written.
      requests.set('moodle/msg-2', { integrationId: 'moodle', webhookId: 'msg-2', submissionId: 'twin', lmsUserId: 'lms-7', answer: { id: 'twin', statusUrl: 'twin-url' }, receivedAt: NOW });
      await record({} as Tx, 'sub-1');
    });
    await expect(service.receive(signed('msg-2'))).resolves.toEqual({ id: 'twin', statusUrl: 'twin-url' });
  });

  it('signed with anything else is refused, saying why', async () => {
    const { service } = inboundWith(async () => undefined);
    const request = signed('msg-3');
    await expect(service.receive({ ...request, headers: { ...request.headers, 'webhook-signature': 'v1,AAAA' } })).rejects.toMatchObject({
      kind: 'unauthenticated',
      message: expect.stringMatching(/^The signature does not match/),
    });
  });
});
