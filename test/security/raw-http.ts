import { Agent, request as httpRequest } from 'node:http';

/** A request exactly as it goes on the wire: nothing is added, encoded or guessed on the way. */
export interface RawRequest {
  method: string;
  /** Path and query, already percent-encoded (or deliberately mis-encoded). */
  target: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed body when it was JSON, else undefined. */
  json: unknown;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

export function sendRaw(baseUrl: string, raw: RawRequest, timeoutMs = 30000): Promise<RawResponse> {
  const base = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...raw.headers };
    if (raw.body) headers['Content-Length'] = raw.body.length;
    const outgoing = httpRequest(
      { host: base.hostname, port: base.port, method: raw.method, path: raw.target, headers, agent },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          if (/json/i.test(String(incoming.headers['content-type'] ?? '')) && text !== '') {
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
          }
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text, json });
        });
      },
    );
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(raw.body);
  });
}

/** One line a person can paste into a shell to send the request again (token shown by name only). */
export function describeRequest(raw: RawRequest, tokenNames: Map<string, string>, maxBody = 400): string {
  const headers = Object.entries(raw.headers).map(([name, value]) => {
    const shown = [...tokenNames].reduce((text, [token, who]) => text.replace(token, `<${who} token>`), value);
    return `-H ${JSON.stringify(`${name}: ${shown}`)}`;
  });
  let body = '';
  if (raw.body) {
    const text = raw.body.toString('utf8');
    const shown = text.length > maxBody ? `${text.slice(0, maxBody)}… (${raw.body.length} bytes)` : text;
    body = ` --data-binary ${JSON.stringify(shown)}`;
  }
  return `curl -X ${raw.method} '${raw.target}' ${headers.join(' ')}${body}`;
}
