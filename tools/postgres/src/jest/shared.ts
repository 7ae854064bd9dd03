import type { RunningPostgres } from '../lib/start-postgres';

/** Where global-setup.ts leaves the server for global-teardown.ts (Jest shares `globalThis` between them). */
export const SERVER_KEY = '__agentMitraTestPostgres';
export type GlobalWithServer = typeof globalThis & { [SERVER_KEY]?: RunningPostgres };
