import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { listenHttp, type Listener } from './start-app';

/** Opens a raw connection, writes `text`, and resolves with what came back once the server closed it. */
function rawExchange(port: number, text: string): { socket: Socket; closed: Promise<string> } {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    received += chunk;
  });
  socket.on('error', () => undefined);
  socket.write(text);
  return { socket, closed: new Promise((done) => socket.once('close', () => done(received))) };
}

describe('listenHttp limits', () => {
  let server: Listener;
  const opened: Socket[] = [];
  beforeAll(async () => {
    const readThenAnswer = (req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    };
    server = await listenHttp(readThenAnswer, 0, '127.0.0.1', {
      headersTimeoutMs: 300,
      requestTimeoutMs: 600,
      checkIntervalMs: 50,
      maxConnections: 3,
    });
  });
  afterAll(async () => {
    for (const socket of opened) socket.destroy();
    await server.close();
  });

  it('closes a connection that never finishes its headers, answering in the JSON envelope', async () => {
    const slow = rawExchange(server.port, 'POST /x HTTP/1.1\r\nHost: a\r\nX-Slow: 1\r\n');
    opened.push(slow.socket);
    const answer = await slow.closed;
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"code":"VALIDATION_ERROR"');
  });

  it('closes a connection whose body never arrives', async () => {
    const slow = rawExchange(
      server.port,
      'POST /x HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\npartial',
    );
    opened.push(slow.socket);
    expect(await slow.closed).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('refuses connections past maxConnections, and serves again once they are gone', async () => {
    const held = [1, 2, 3].map(() => rawExchange(server.port, 'GET / HTTP/1.1\r\nHost: a\r\n'));
    opened.push(...held.map((h) => h.socket));
    await Promise.all(held.map((h) => new Promise((ready) => h.socket.once('connect', ready))));
    await new Promise((settle) => setTimeout(settle, 50));
    const extra = rawExchange(server.port, 'GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    opened.push(extra.socket);
    expect(await extra.closed).toBe('');
    for (const h of held) h.socket.destroy();
    await Promise.all(held.map((h) => h.closed));
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(await res.text()).toBe('ok');
  });
});
