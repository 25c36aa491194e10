import { createHmac, randomUUID } from 'node:crypto';
import { createServer, connect, Server, Socket } from 'node:net';

/** The service under test: started by the Java suite (TypeScriptClientTests), which sets these. */
export const baseUrl = required('PAYMENTS_URL');

const secret = required('PAYMENTS_JWT_SECRET');

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: these tests run against the service, from TypeScriptClientTests`);
  }
  return value;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** A bearer token (HS256, the test profile's secret) for a user nobody else uses. */
export function newUserToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const claims = base64url(JSON.stringify({ sub: `ts-user-${randomUUID()}`, iat: now, exp: now + 3600 }));
  const signature = createHmac('sha256', secret).update(`${header}.${claims}`).digest('base64url');
  return `${header}.${claims}.${signature}`;
}

/**
 * A TCP proxy to the service that loses the answer to the first request: it forwards the request,
 * and when the service starts answering it cuts the client's connection. The service has done the
 * work; the client saw a network error. Every later connection passes through untouched.
 */
export async function answerLosingProxy(): Promise<{ url: string; lost: () => number; close: () => Promise<void> }> {
  const target = new URL(baseUrl);
  let lost = 0;
  let first = true;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const loseThisOne = first;
    first = false;
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    upstream.on('data', (chunk) => {
      if (loseThisOne) {
        lost++;
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    upstream.on('end', () => client.end());
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    lost: () => lost,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((socket) => socket.destroy());
        server.close(() => resolve());
      }),
  };
}
