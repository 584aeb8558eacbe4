import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { AssignmentsService } from '../../src/assignments/assignments.service.js';
import { CliModule } from '../../src/cli/cli.module.js';
import { ConfigService } from '../../src/config/config.service.js';
import { GradingService } from '../../src/grading/grading.service.js';
import type { Report } from '../../src/grading/report.types.js';

export const REPO = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '../..');

/**
 * A real grading core (real sandbox, real Python) over a copy of the course's assignments whose YAML is
 * adjusted by `tune` — e.g. shorter time limits, so that an endless loop costs a test seconds, not 30.
 */
export async function gradingApp(tune: Record<string, (yaml: any) => void> = {}): Promise<{
  app: INestApplicationContext;
  /** Where this app's grading jobs live (to find processes of its own sandboxes). */
  workDir: string;
  grade: (slug: string, file: string, replace?: Record<string, string>) => Promise<Report>;
  close: () => Promise<void>;
}> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'perfgrade-test-'));
  await fs.chmod(root, 0o711); // the sandbox user must reach the job folders inside
  const assignmentsDir = path.join(root, 'assignments');
  await fs.cp(path.join(REPO, 'assignments'), assignmentsDir, { recursive: true });
  for (const [slug, change] of Object.entries(tune)) {
    const file = path.join(assignmentsDir, slug, 'assignment.yaml');
    const doc = YAML.parse(await fs.readFile(file, 'utf8'));
    change(doc);
    await fs.writeFile(file, YAML.stringify(doc));
  }
  const workDir = path.join(root, 'jobs');
  const config = new ConfigService({ ...process.env, ASSIGNMENTS_DIR: assignmentsDir, DATA_DIR: path.join(root, 'data'), HARNESS_DIR: path.join(REPO, 'sandbox'), WORK_DIR: workDir });
  const moduleRef = await Test.createTestingModule({ imports: [CliModule] }).overrideProvider(ConfigService).useValue(config).compile();
  const app = await moduleRef.init();
  const grading = app.get(GradingService);
  const assignments = app.get(AssignmentsService);
  return {
    app,
    workDir,
    async grade(slug, file, replace = {}) {
      let source = await fs.readFile(path.join(REPO, 'test/fixtures/submissions', slug, file), 'utf8');
      for (const [from, to] of Object.entries(replace)) source = source.replace(from, to);
      return grading.grade({ assignment: assignments.get(slug), source, filename: file });
    },
    async close() {
      await app.close();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}
