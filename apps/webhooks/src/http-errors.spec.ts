import { Writable } from 'node:stream';
import { OtpError } from '@agent-mitra/errors';
import { createLogger } from '@agent-mitra/observability';
import express from 'express';
import request from 'supertest';
import { errorHandler, notFound } from './http-errors';

function appThatThrows(error: unknown) {
  const lines: string[] = [];
  const destination = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      lines.push(String(chunk));
      done();
    },
  });
  const app = express();
  app.get('/boom', () => {
    throw error;
  });
  app.use(notFound);
  app.use(errorHandler(createLogger({ name: 'spec', level: 'info', destination })));
  return { app, lines };
}

describe('errorHandler', () => {
  it('answers an unexpected failure with INTERNAL, never its text or stack, and logs it', async () => {
    const { app, lines } = appThatThrows(new Error('connect postgres://user:hunter2@db failed'));
    const res = await request(app).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      success: false,
      error: { code: 'INTERNAL', message: 'internal error', details: {} },
      message: 'internal error',
    });
    expect(res.text).not.toMatch(/hunter2|stack|at /);
    expect(lines.join('')).toContain('"level":"error"');
  });

  it('answers a registry error with its own status and message', async () => {
    const { app } = appThatThrows(new OtpError('STORE_UNAVAILABLE'));
    const res = await request(app).get('/boom');
    expect(res.status).toBe(503);
    expect(res.body.error).toEqual({
      code: 'STORE_UNAVAILABLE',
      message: 'storage is unavailable; retry later',
      details: {},
    });
  });

  it('answers a body parser refusal as a client error', async () => {
    const tooLarge = Object.assign(new Error('request entity too large'), {
      type: 'entity.too.large',
      status: 413,
    });
    const unreadable = Object.assign(new Error('aborted'), { type: 'request.aborted', status: 400 });
    expect((await request(appThatThrows(tooLarge).app).get('/boom')).body.error.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    expect((await request(appThatThrows(unreadable).app).get('/boom')).status).toBe(400);
  });
});
