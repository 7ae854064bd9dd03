import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@agent-mitra/observability';

/** A real pino logger whose JSON lines are kept, so tests can read (and check) what was logged. */
export class LogCapture {
  readonly lines: string[] = [];
  readonly logger: Logger;

  constructor(name: string, level = 'debug') {
    const lines = this.lines;
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    this.logger = createLogger({ name, level, destination });
  }

  text(): string {
    return this.lines.join('');
  }
}
