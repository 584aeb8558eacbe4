import { Logger } from '@nestjs/common';

/**
 * Tests provoke errors on purpose (broken assignments, refused uploads, sandboxes without cgroups); printed,
 * they would read as failures in CI output. So Nest's logger is quiet in tests unless LOG_LEVEL asks for
 * lines; the apps under test log through pino at LOG_LEVEL (test-app.ts: silent by default) as well.
 */
if (!process.env.LOG_LEVEL || process.env.LOG_LEVEL === 'silent') Logger.overrideLogger(false);
