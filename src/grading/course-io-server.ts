import { createHmac } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';

/**
 * The "remote web server" of the fetch-pages assignment: a Unix socket the sandbox may talk to (it has no
 * network). Each request is one URL line; the answer comes after the configured latency and is derived
 * from a secret the box never sees, so a submission cannot compute a page without asking for it — the
 * only way to be fast is to overlap the waiting, which is what the assignment teaches. The secret is fixed
 * per assignment version, so cached expected answers stay valid across grades.
 */
export class CourseIoServer {
  private readonly sockets = new Set<net.Socket>();
  private server?: net.Server;
  requests = 0;

  constructor(readonly socketPath: string, private readonly latencyMs: number, private readonly secret: Buffer) {}

  async start(): Promise<void> {
    this.server = net.createServer((socket) => this.serve(socket));
    // A crowd of connections is a student's bug, not ours: cap it so the grader stays healthy.
    this.server.maxConnections = 256;
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.socketPath, () => resolve());
    });
    // The sandbox user is not the grader's user.
    await fs.chmod(this.socketPath, 0o666);
  }

  /** The body served for a URL (also what the harness-side reference gets, since it asks the same server). */
  body(url: string): Buffer {
    const digest = createHmac('sha256', this.secret).update(url).digest();
    const size = 256 + (digest.readUInt16BE(0) % 1792);
    const chunks: Buffer[] = [Buffer.from(`<html><!-- ${url} -->\n`)];
    let block = digest;
    while (chunks.reduce((n, c) => n + c.length, 0) < size) {
      block = createHmac('sha256', this.secret).update(block).digest();
      chunks.push(Buffer.from(block.toString('hex')));
    }
    return Buffer.concat(chunks).subarray(0, size);
  }

  private serve(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      if (received.length > 4096) return socket.destroy();
      const newline = received.indexOf('\n');
      if (newline < 0) return;
      socket.pause();
      const url = received.slice(0, newline);
      this.requests++;
      setTimeout(() => socket.end(this.body(url)), this.latencyMs);
    });
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await fs.rm(this.socketPath, { force: true });
  }
}
