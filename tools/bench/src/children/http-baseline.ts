/**
 * Baseline for the HTTP scenarios: a bare Express 5 app with `express.json()` answering every JSON POST
 * at once with a small JSON body — the ceiling of Express itself on this machine, measured in the same
 * run as the app it is compared with. Same server settings as the apps' listenHttp (keep-alive 65 s).
 * Prints `{"msg":"listening","port":N}` like the apps; stops on SIGTERM.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

const app = express();
app.use(express.json({ limit: '1mb' }));
app.post('/{*path}', (req, res) => {
  const received = typeof req.body === 'object' && req.body !== null ? Object.keys(req.body).length : 0;
  res.json({ success: true, data: { received }, message: 'ok' });
});

const server = createServer(app);
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env['PORT'] ?? 0), process.env['HOST'] ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ name: 'express-baseline', msg: 'listening', port })}\n`);
});
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
