import { connect, type Socket } from 'node:net';
import { createServer, type Server, type TLSSocket } from 'node:tls';

export interface TlsProxyOptions {
  key: Buffer;
  cert: Buffer;
  /** CA of the client certificates; with it, a client without a certificate it signed is turned away (mTLS). */
  clientCa?: Buffer;
}

/**
 * Terminates TLS (optionally requiring client certificates) and forwards the plaintext to a TCP target: a stand-in
 * for a Temporal frontend with TLS in front of the dev server, which itself speaks only plaintext gRPC.
 */
export class TlsTerminatingProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  /** Handshakes that completed (with an authorised client certificate when one is required). */
  accepted = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
    private readonly options: TlsProxyOptions,
  ) {}

  get port(): number {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('the TLS proxy is not listening');
    return address.port;
  }

  async start(): Promise<void> {
    const server = createServer(
      {
        key: this.options.key,
        cert: this.options.cert,
        // gRPC runs over HTTP/2: both the Node and the Rust (worker) clients negotiate it with ALPN.
        ALPNProtocols: ['h2'],
        ...(this.options.clientCa ? { ca: this.options.clientCa, requestCert: true, rejectUnauthorized: true } : {}),
      },
      (client: TLSSocket) => {
        this.accepted += 1;
        const upstream = connect(this.targetPort, this.targetHost);
        for (const socket of [client, upstream]) {
          this.sockets.add(socket);
          socket.on('close', () => this.sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
      },
    );
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
