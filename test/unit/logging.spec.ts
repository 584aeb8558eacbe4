import 'reflect-metadata';
import { Controller, Get, Logger, Query } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Logger as PinoLogger, LoggerModule } from 'nestjs-pino';
import request from 'supertest';
import { ConfigService } from '../../src/config/config.service.js';
import { LogContext } from '../../src/logging/log-context.js';
import { loggerOptions } from '../../src/logging/logger-options.js';

@Controller()
class ProbeController {
  private readonly logger = new Logger('Probe');

  constructor(private readonly context: LogContext) {}

  @Get('invitation')
  invitation(@Query('token') token: string): string {
    this.logger.log(`looked at an invitation (${token.length} characters)`);
    return 'ok';
  }

  @Get('grade')
  grade(): string {
    // Like the worker: every line of one grade, whoever logs it, names the submission.
    this.context.run({ submissionId: 'sub-1' }, () => new Logger('Sandbox').warn('a line from deep inside grading'));
    new Logger('Worker').log('after the grade');
    return 'ok';
  }
}

describe('the structured logs', () => {
  const lines: Record<string, any>[] = [];
  let app: Awaited<ReturnType<typeof start>>;

  async function start() {
    const config = new ConfigService({ LOG_LEVEL: 'info', LOG_FORMAT: 'json' });
    const destination = { write: (line: string) => void lines.push(JSON.parse(line)) };
    const moduleRef = await Test.createTestingModule({
      imports: [LoggerModule.forRoot(loggerOptions(config, destination))],
      controllers: [ProbeController],
      providers: [LogContext],
    }).compile();
    const nest = moduleRef.createNestApplication({ bufferLogs: true });
    nest.useLogger(nest.get(PinoLogger));
    await nest.init();
    return nest;
  }

  beforeAll(async () => {
    app = await start();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('give every line of a request its request id, and say what was asked without headers or secrets', async () => {
    lines.length = 0;
    const answer = await request(app.getHttpServer()).get('/invitation?token=s3cret-invite&x=1').set('cookie', 'perfgrade_session=abc').expect(200);
    const id = answer.headers['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const mine = lines.filter((line) => line.requestId === id);
    expect(mine.map((line) => line.msg)).toEqual(['looked at an invitation (13 characters)', 'request completed']);
    expect(mine[0]).toMatchObject({ level: 30, context: 'Probe' });
    expect(mine[1]).toMatchObject({ req: { method: 'GET', url: '/invitation?token=[redacted]&x=1' }, res: { statusCode: 200 } });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('s3cret-invite');
    expect(text).not.toContain('perfgrade_session');
  });

  it('take a sane request id from the caller (a proxy), and make up their own otherwise', async () => {
    const given = await request(app.getHttpServer()).get('/invitation?token=x').set('x-request-id', 'proxy-42').expect(200);
    expect(given.headers['x-request-id']).toBe('proxy-42');
    const odd = await request(app.getHttpServer()).get('/invitation?token=x').set('x-request-id', 'no spaces\tor tabs').expect(200);
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('name the submission on every line logged while it is graded, and only then', async () => {
    lines.length = 0;
    await request(app.getHttpServer()).get('/grade').expect(200);
    expect(lines.find((line) => line.msg === 'a line from deep inside grading')).toMatchObject({
      submissionId: 'sub-1',
      context: 'Sandbox',
      level: 40,
    });
    expect(lines.find((line) => line.msg === 'after the grade')).not.toHaveProperty('submissionId');
  });
});
