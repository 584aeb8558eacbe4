import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../accounts/auth.decorators.js';
import { SCRIPT, STYLES } from './assets.js';

const FOREVER = 'public, max-age=31536000, immutable';

@ApiExcludeController()
@Public()
@Controller('assets')
export class AssetsController {
  @Get(STYLES.file)
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', FOREVER)
  styles(): string {
    return STYLES.body;
  }

  @Get(SCRIPT.file)
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', FOREVER)
  script(): string {
    return SCRIPT.body;
  }
}
