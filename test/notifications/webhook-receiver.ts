import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  /** The exact bytes received, as text (the signature covers them). */
  rawBody: string;
  body: Record<string, unknown>;
}

/** A webhook receiver on 127.0.0.1 whose answers a test scripts: a status per request, or silence. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private answers: (number | 'hang')[] = [];
  private readonly server: Server;
  private readonly hanging = new Set<() => void>();

  constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const rawBody = Buffer.concat(chunks).toString('utf8');
        this.received.push({ headers: request.headers, rawBody, body: JSON.parse(rawBody) as Record<string, unknown> });
        const answer = this.answers.shift() ?? 204;
        if (answer === 'hang') {
          const release = () => response.destroy();
          this.hanging.add(release);
          return;
        }
        response.writeHead(answer, { 'Content-Type': 'text/plain' });
        response.end(answer >= 300 ? `receiver says ${answer}` : '');
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/notifications`;
  }

  /** The next requests get these answers, in order; afterwards 204. */
  answerWith(...answers: (number | 'hang')[]): void {
    this.answers = answers;
  }

  reset(): void {
    this.received.length = 0;
    this.answers = [];
  }

  async stop(): Promise<void> {
    for (const release of this.hanging) release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
