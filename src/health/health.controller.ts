import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../accounts/auth.decorators.js';
import { ReadinessService, type Readiness } from './readiness.service.js';

@ApiTags('health')
@Public()
@Controller('api')
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Liveness: the process answers HTTP. Nothing else is checked, so a slow database never gets a live server restarted. */
  @Get('health')
  @ApiOkResponse({ description: '{ "status": "ok" }' })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({ description: 'The database answers and a sandbox can start.' })
  @ApiServiceUnavailableResponse({ description: 'Not ready; the message says why.' })
  ready(): Promise<Readiness> {
    return this.readiness.check();
  }
}
