import { BrokerReader } from '../../src/sandbox/broker-reader.js';
import type { CallWindow } from '../../src/sandbox/sandbox.types.js';

const windows: CallWindow[] = [
  { ids: ['a'], mode: 'run', wallTimeMs: 1000 },
  { ids: ['b', 'c'], mode: 'run', wallTimeMs: 1000 },
];

describe('reading the broker’s lines', () => {
  it('turns them into windows and an end, whatever the chunking', () => {
    const opened: number[] = [];
    const reader = new BrokerReader(windows, (index) => opened.push(index));
    const text = [
      { ev: 'ready', ms: 12.5 },
      { ev: 'start', index: 0 },
      { ev: 'window', index: 0, ns: 5000, cpu_ns: 4000, memory_start: 10, memory_peak: 30, memory_bytes: 20, bytes: [7], disk_full: false },
      { ev: 'start', index: 1 },
      { ev: 'end', reason: 'limit', limit: 'wall_time', detail: 'still running after 1 s', disk_full: false, exit_code: null, signal: 'SIGKILL' },
    ].map((line) => JSON.stringify(line) + '\n').join('');
    for (let i = 0; i < text.length; i += 7) reader.accept(Buffer.from(text.slice(i, i + 7)));
    expect(opened).toEqual([0, 1]);
    expect(reader.report()).toEqual({
      ready: true, readyMs: 12.5, openWindow: 1, end: 'limit', limit: 'wall_time', detail: 'still running after 1 s', diskFull: false,
      windows: [{ index: 0, ids: ['a'], ns: 5000, cpuNs: 4000, memoryBytes: 20, answerBytes: [7] }],
    });
    expect(reader.exit).toEqual({ exitCode: null, signal: 'SIGKILL' });
    expect(reader.problems).toEqual([]);
  });

  it('refuses a malformed window and reports a broker that ended without a word as its own failure', () => {
    const reader = new BrokerReader(windows);
    reader.accept(Buffer.from('{"ev":"window","index":1,"ns":5,"bytes":[1]}\nnot json\n'));
    expect(reader.problems).toHaveLength(2);
    expect(reader.report()).toMatchObject({ end: 'broker_error', windows: [] });
  });
});
