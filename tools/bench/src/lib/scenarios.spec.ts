import { SCENARIO_IDS, scenariosToRun } from './scenarios';

describe('scenariosToRun', () => {
  const keys = (...args: Parameters<typeof scenariosToRun>) => scenariosToRun(...args).map((s) => s.key);

  it('runs send and verify on SQLite and PostgreSQL, the others on SQLite, by default', () => {
    expect(keys(SCENARIO_IDS, null)).toEqual([
      'send',
      'send@postgres',
      'verify',
      'verify@postgres',
      'webhook',
      'grpc',
      'real',
    ]);
  });

  it('runs every chosen scenario on the stores asked for', () => {
    expect(keys(['send', 'real'], ['postgres'])).toEqual(['send@postgres', 'real@postgres']);
    expect(keys(['webhook'], ['sqlite', 'postgres'])).toEqual(['webhook', 'webhook@postgres']);
    expect(scenariosToRun(['grpc'], ['postgres'])[0]).toMatchObject({ id: 'grpc', store: 'postgres' });
  });
});
