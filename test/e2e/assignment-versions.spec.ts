import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestDatabase, databasesUnderTest, type TestDatabase } from './support/test-database.js';
import { FIXTURE_ASSIGNMENTS, GOOD_SOLUTION, newStudent, startTestApp, submitFile, waitForResult, type TestApp } from './support/test-app.js';

/**
 * Assignments are synced at start-up with their content hash: an edited YAML is a new version (old
 * submissions keep theirs), and an assignment that became invalid is skipped, not fatal, and closed.
 */
describe.each(databasesUnderTest())('assignment versions on %s', (kind) => {
  let folder: string;
  let database: TestDatabase;
  let t: TestApp | undefined;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'perfgrade-assignments-'));
    for (const slug of ['sum-squares', 'late']) await cp(path.join(FIXTURE_ASSIGNMENTS, slug), path.join(folder, slug), { recursive: true });
    database = await createTestDatabase(kind, 'versions');
  });

  afterAll(async () => {
    await t?.stop();
    await database?.drop();
    await rm(folder, { recursive: true, force: true });
  });

  const start = () => startTestApp(kind, 'versions', { ASSIGNMENTS_DIR: folder }, database);
  const versions = async () => (await t!.app.get(DataSource).query(`SELECT v.id, v.content_hash AS hash FROM assignment_versions v JOIN assignments a ON a.id = v.assignment_id WHERE a.slug = 'sum-squares' ORDER BY v.created_at`)) as { id: string; hash: string }[];
  const versionOf = async (submissionId: string) => (await t!.app.get(DataSource).query('SELECT assignment_version_id AS id FROM submissions WHERE id = $1', [submissionId]))[0].id as string;

  it('makes a new version when the YAML changes, and each submission keeps the version that graded it', async () => {
    t = await start();
    const student = await newStudent(t);
    const first = await submitFile(t, student.token, 'sum-squares', GOOD_SOLUTION).expect(202);
    const firstResult = await waitForResult(t, student.token, first.body.id);
    const [v1] = await versions();
    expect(firstResult.report.assignmentVersion).toBe(v1.hash.slice(0, firstResult.report.assignmentVersion.length));
    await t.stop();

    // The instructor edits the YAML (a new title and an extra case) and the server restarts.
    const yamlPath = path.join(folder, 'sum-squares', 'assignment.yaml');
    const yaml = await readFile(yamlPath, 'utf8');
    await writeFile(yamlPath, yaml.replace('title: Sum of squares', 'title: Sum of squares, revised').replace("  - { name: small, size: { n: 1000 }, seed: 2 }", "  - { name: small, size: { n: 1000 }, seed: 2 }\n  - { name: medium, size: { n: 3000 }, seed: 4 }"));
    t = await start();
    const all = await versions();
    expect(all).toHaveLength(2);
    const v2 = all[1];
    expect(v2.hash).not.toBe(v1.hash);
    const detail = await request(t.server).get('/api/assignments/sum-squares').auth(t.adminToken, { type: 'bearer' }).expect(200);
    expect(detail.body).toMatchObject({ title: 'Sum of squares, revised', version: v2.hash });

    const token = (await request(t.server).post('/api/auth/login').send({ email: student.email, password: 'student password' }).expect(200)).body.token;
    const second = await submitFile(t, token, 'sum-squares', GOOD_SOLUTION).expect(202);
    const secondResult = await waitForResult(t, token, second.body.id);
    expect(secondResult.report.correctness.total).toBe(4);
    expect(await versionOf(first.body.id)).toBe(v1.id);
    expect(await versionOf(second.body.id)).toBe(v2.id);
    await t.stop();
    t = undefined;
  });

  it('skips an assignment that became invalid without failing start-up, and closes it to new submissions', async () => {
    await writeFile(path.join(folder, 'late', 'assignment.yaml'), 'title: [unclosed\n');
    t = await start();
    const student = await newStudent(t);
    const listed = await request(t.server).get('/api/assignments').auth(student.token, { type: 'bearer' }).expect(200);
    expect(listed.body.map((a: { slug: string }) => a.slug)).toEqual(['sum-squares']);
    await request(t.server).get('/api/assignments/late').auth(student.token, { type: 'bearer' }).expect(404);
    const staffList = await request(t.server).get('/api/assignments').auth(t.adminToken, { type: 'bearer' }).expect(200);
    expect(staffList.body).toContainEqual(expect.objectContaining({ slug: 'late', available: false }));
    const refused = await submitFile(t, t.adminToken, 'late', GOOD_SOLUTION).expect(410);
    expect(refused.body.message).toMatch(/is closed/);
  });
});
