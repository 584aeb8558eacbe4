/**
 * Regenerates assignments/assignment.schema.json from assignment.schema.ts:
 *   npm run build && node dist/src/assignments/write-assignment-schema.js
 * test/unit/assignments-schema-file.spec.ts fails while the committed file is stale.
 */
import { ConfigService } from '../config/config.service.js';
import { writeAssignmentSchema } from './assignment-schema-file.js';

const file = await writeAssignmentSchema(new ConfigService().assignmentsDir);
console.log(`wrote ${file}`);
