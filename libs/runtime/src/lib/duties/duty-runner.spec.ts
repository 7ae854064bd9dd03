import { setTimeout as sleep } from 'node:timers/promises';
import { DutyRunner, type Duty } from './duty-runner';

async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await sleep(5);
  }
}

function quietLogger() {
  const warnings: { duty?: string }[] = [];
  return {
    warnings,
    logger: { info: () => undefined, warn: (details: object) => void warnings.push(details) },
  };
}

describe('DutyRunner', () => {
  it('runs each duty again and again, one run at a time, and goes on after a failure', async () => {
    let active = 0;
    let overlapped = false;
    let runs = 0;
    const slow: Duty = {
      name: 'slow',
      everyMs: 1,
      run: async () => {
        active += 1;
        overlapped ||= active > 1;
        runs += 1;
        await sleep(10);
        active -= 1;
        if (runs === 2) throw new Error('store unavailable');
      },
    };
    let other = 0;
    const { warnings, logger } = quietLogger();
    const runner = new DutyRunner(
      [slow, { name: 'other', everyMs: 1, run: async () => void (other += 1) }],
      logger,
      () => 0,
    );
    runner.start();
    await eventually(() => runs >= 4 && other >= 4, 'several runs of both duties');
    await runner.stop();
    expect(overlapped).toBe(false);
    expect(warnings).toEqual([expect.objectContaining({ duty: 'slow' })]);
  });

  it('stop() aborts the running duty, waits for it, and nothing runs afterwards', async () => {
    let started = 0;
    let finished = false;
    let sawAbort = false;
    const duty: Duty = {
      name: 'batches',
      everyMs: 1,
      run: async (signal) => {
        started += 1;
        while (!signal.aborted) await sleep(2);
        sawAbort = true;
        await sleep(20);
        finished = true;
      },
    };
    const runner = new DutyRunner([duty], quietLogger().logger, () => 0);
    runner.start();
    await eventually(() => started === 1, 'the first run');
    await runner.stop();
    expect(sawAbort && finished).toBe(true);
    await sleep(20);
    expect(started).toBe(1);
  });

  it('spreads the first runs over the period by default', async () => {
    let ran = false;
    const runner = new DutyRunner(
      [{ name: 'later', everyMs: 60_000, run: async () => void (ran = true) }],
      quietLogger().logger,
    );
    runner.start();
    await sleep(20);
    await runner.stop();
    expect(ran).toBe(false);
  });
});
