import request from 'supertest';
import { databasesUnderTest } from './support/test-database.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe.each(databasesUnderTest())('health, readiness and API docs on %s', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind, 'health', { GRADER_CONCURRENCY: '0' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers liveness and readiness without a login', async () => {
    await request(t.server).get('/api/health').expect(200, { status: 'ok' });
    const ready = await request(t.server).get('/api/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ready', database: 'ok', sandbox: { bwrap: expect.any(String), python: expect.stringMatching(/^3\./) } });
  });

  it('publishes the OpenAPI description at /api/docs', async () => {
    const page = await request(t.server).get('/api/docs/').expect(200);
    expect(page.text).toContain('swagger-ui');
    const spec = await request(t.server).get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/auth/logout',
        '/api/assignments',
        '/api/assignments/{slug}',
        '/api/assignments/{slug}/submissions',
        '/api/submissions',
        '/api/submissions/{id}',
        '/api/submissions/{id}/events',
        '/api/assignments/{slug}/regrade',
        '/api/assignments/{slug}/grades.csv',
        '/api/users',
        '/api/users/import',
        '/api/health',
        '/api/ready',
      ]),
    );
  });

  it('refuses unknown routes and everything else without a login in the same JSON shape', async () => {
    await request(t.server).get('/api/submissions').expect(401);
    const missing = await request(t.server).get('/api/nothing-here').auth(t.adminToken, { type: 'bearer' }).expect(404);
    expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'There is nothing at this address.' });
  });
});
