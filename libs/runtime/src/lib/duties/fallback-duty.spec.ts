import { createFallbackDuty } from './fallback-duty';

describe('late fallback duty', () => {
  it('claims batch after batch while they come back full, at most maxBatchesPerRun', async () => {
    const due = [20, 20, 7];
    const asked: number[] = [];
    const engine = {
      runDueFallbacks: async (limit: number) => {
        asked.push(limit);
        return due.shift() ?? 0;
      },
    };
    await createFallbackDuty({ engine }).run(new AbortController().signal);
    expect(asked).toEqual([20, 20, 20]);
    const busy = { runDueFallbacks: async (limit: number) => limit };
    let calls = 0;
    await createFallbackDuty({
      engine: { runDueFallbacks: (limit) => ((calls += 1), busy.runDueFallbacks(limit)) },
      maxBatchesPerRun: 3,
    }).run(new AbortController().signal);
    expect(calls).toBe(3);
  });

  it('runs about every second and stops between batches when the app stops', async () => {
    const abort = new AbortController();
    let calls = 0;
    const duty = createFallbackDuty({
      engine: {
        runDueFallbacks: async (limit) => {
          calls += 1;
          abort.abort();
          return limit;
        },
      },
    });
    expect(duty.everyMs).toBe(1_000);
    await duty.run(abort.signal);
    expect(calls).toBe(1);
  });
});
