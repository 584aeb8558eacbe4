import type { Caller } from '../../src/accounts/caller.js';
import type { Assignment } from '../../src/assignments/assignment.types.js';
import type { AssignmentsService } from '../../src/assignments/assignments.service.js';
import { AssignmentCatalog } from '../../src/catalog/assignment-catalog.service.js';
import type { AssignmentRecordsRepository, CurrentAssignment } from '../../src/catalog/assignment-records.repository.js';
import { CatalogSync } from '../../src/catalog/catalog-sync.service.js';
import type { JobsRepository, OpenJob } from '../../src/queue/jobs.repository.js';
import { ProgressBus } from '../../src/queue/progress-bus.js';
import { QueueService } from '../../src/queue/queue.service.js';

const NOW = new Date('2026-03-02T09:00:00Z');
const STUDENT: Caller = { id: 'u1', email: 'ada@uni.test', name: 'Ada', role: 'student' };
const INSTRUCTOR: Caller = { id: 'i1', email: 'grace@uni.test', name: 'Grace', role: 'instructor' };

function current(slug: string, available: boolean): CurrentAssignment {
  return {
    assignment: { id: `id-${slug}`, slug, title: slug.toUpperCase(), currentVersionId: 'v', available, createdAt: NOW, updatedAt: NOW },
    version: { id: 'v', assignmentId: `id-${slug}`, contentHash: 'h', createdAt: NOW, files: { readme: '', baseline: '', reference: '', generator: '' }, definition: { topic: 'JIT', policy: {} } as CurrentAssignment['version']['definition'] },
  };
}

describe('the assignment catalog', () => {
  const records = {
    current: async (slug: string) => ({ open: current('open', true), closed: current('closed', false) })[slug] ?? null,
    listCurrent: async () => [current('closed', false), current('open', true)],
  } as unknown as AssignmentRecordsRepository;
  const catalog = new AssignmentCatalog(records);

  it('lists to students what they can submit to; instructors also see closed assignments', async () => {
    expect((await catalog.list(STUDENT)).map((a) => a.slug)).toEqual(['open']);
    expect((await catalog.list(INSTRUCTOR)).map((a) => [a.slug, a.available])).toEqual([
      ['closed', false],
      ['open', true],
    ]);
  });

  it('hides a closed assignment from students, and refuses new submissions to it for everyone', async () => {
    await expect(catalog.find(STUDENT, 'closed')).rejects.toMatchObject({ kind: 'not_found', message: 'There is no assignment "closed".' });
    await expect(catalog.find(INSTRUCTOR, 'closed')).resolves.toBeDefined();
    await expect(catalog.forSubmission(INSTRUCTOR, 'closed')).rejects.toMatchObject({ kind: 'gone', status: 410 });
    await expect(catalog.forSubmission(STUDENT, 'open')).resolves.toMatchObject({ assignment: { slug: 'open' } });
  });
});

describe('registering assignment versions', () => {
  it('registers each content once per process, and tries again after a failure', async () => {
    let calls = 0;
    let failNext = true;
    const records = {
      register: async () => {
        calls++;
        if (failNext) {
          failNext = false;
          throw new Error('database restarting');
        }
        return 'version-1';
      },
    } as unknown as AssignmentRecordsRepository;
    const sync = new CatalogSync({} as AssignmentsService, records);
    const assignment = { slug: 'sum-squares', title: 'Sum', contentHash: 'h1', dir: '/nowhere', files: { readme: 'README.md', baseline: 'b.py', reference: 'r.py', generator: 'c.py' } } as unknown as Assignment;
    await expect(sync.versionIdFor(assignment)).rejects.toThrow('database restarting');
    await expect(sync.versionIdFor(assignment)).resolves.toBe('version-1');
    await expect(sync.versionIdFor(assignment)).resolves.toBe('version-1');
    expect(calls).toBe(2);
  });
});

describe('where a submission stands in the queue', () => {
  function queueWith(job: OpenJob | null) {
    const jobs = { openJob: async () => job, position: async () => 3 } as unknown as JobsRepository;
    return new QueueService(jobs, new ProgressBus());
  }
  const open = (overrides: Partial<OpenJob>): OpenJob => ({ id: 'j', submissionId: 's', state: 'queued', kind: 'grade', progress: null, lastFailure: null, ...overrides });

  it('gives a position only while waiting, progress only while graded, and the last failure while a retry waits', async () => {
    await expect(queueWith(null).standing('s')).resolves.toBeNull();
    await expect(queueWith(open({})).standing('s')).resolves.toEqual({ state: 'queued', kind: 'grade', position: 3 });
    const failure = { failure: { kind: 'worker_lost' as const } };
    await expect(queueWith(open({ kind: 'regrade', lastFailure: failure })).standing('s')).resolves.toEqual({ state: 'queued', kind: 'regrade', position: 3, lastFailure: failure });
    const progress = { phase: 'checking' as const, message: 'case 1 of 3', step: 1, of: 3 };
    await expect(queueWith(open({ state: 'running', progress })).standing('s')).resolves.toEqual({ state: 'running', kind: 'grade', progress });
  });
});
