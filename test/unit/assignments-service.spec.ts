import { Test } from '@nestjs/testing';
import { AssignmentInvalid, AssignmentNotFound } from '../../src/assignments/assignment.errors.js';
import { AssignmentsModule } from '../../src/assignments/assignments.module.js';
import { AssignmentsService } from '../../src/assignments/assignments.service.js';
import { ConfigService } from '../../src/config/config.service.js';
import { ConfigModule } from '../../src/config/config.module.js';

describe('AssignmentsService', () => {
  let service: AssignmentsService;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [ConfigModule, AssignmentsModule] })
      .overrideProvider(ConfigService)
      .useValue(new ConfigService({ ASSIGNMENTS_DIR: 'test/fixtures/assignments' }))
      .compile();
    await moduleRef.init(); // loads the assignments, as at start-up
    service = moduleRef.get(AssignmentsService);
  });

  it('starts with the valid assignments loaded and the broken ones listed', () => {
    expect(service.invalid().filter((error) => error.slug.startsWith('sum-')).map((error) => error.message)).toEqual([]);
    expect(service.list().map((assignment) => assignment.slug)).toEqual(['sum-formula', 'sum-range']);
    expect(service.invalid()).toHaveLength(10);
  });

  it('gets an assignment by slug', () => {
    expect(service.get('sum-range').title).toBe('Sum of a range');
  });

  it('says why a broken assignment cannot be used', () => {
    expect(() => service.get('wrong-type')).toThrow(AssignmentInvalid);
    expect(() => service.get('wrong-type')).toThrow('cases[2].seed: must be an integer');
  });

  it('names the known assignments when a slug does not exist', () => {
    expect(() => service.get('sum-rnage')).toThrow(AssignmentNotFound);
    expect(() => service.get('sum-rnage')).toThrow("no assignment 'sum-rnage' (known assignments: sum-formula, sum-range)");
  });
});
