/**
 * The layers of src/, lowest first: a folder may import its own layer and the layers below it, never one above.
 * Folders in one row are peers and may import each other. test/unit/import-layers.spec.ts enforces this on
 * every import; the README's "Layout" section explains where each kind of change goes.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['common', 'config'], // clock, sleep, DomainError and its HTTP status; the validated settings
  ['database', 'logging'], // the data source, migrations, the SQL helper (query.ts), transactions; structured logs
  ['sandbox'], // the only code that starts processes
  ['assignments', 'scoring'], // assignment folders (YAML) and their scoring; the loader checks formulas with scoring
  ['grading'], // the grading core: phases, measurements, the report
  ['accounts'], // users, logins, sessions, tokens, rosters
  ['catalog'], // assignments and their versions in the database, as the API shows them
  ['metrics'], // Prometheus /metrics: queue depth and age, grading phases, verdicts, webhook backlog (its own SQL)
  ['events'], // ports: what happened to a submission, for whoever listens
  ['queue'], // grading jobs, their workers, and the grading state of submissions
  ['submissions'], // submitting, reading results, grades.csv
  ['similarity'], // which submissions share their code: reads submissions and the catalog, runs its own analyses
  ['webhooks'], // the outbox (a listener of events) and its senders
  ['lms'], // signed submissions from an LMS
  ['http'], // anything thrown becomes an HTTP answer; what every HTTP app sets up
  ['web', 'cli', 'health'], // the edges: pages, commands, probes
  ['(root)'], // src/*.ts: the composition roots (app.module.ts, worker-app.module.ts, main.ts, worker.ts)
];
