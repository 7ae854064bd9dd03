// Jest reads testTimeout from the root config only, so the e2e project sets its own here: starting the
// apps takes seconds on a loaded machine. And whatever a timed-out hook left starting is stopped.
import { stopStartingApps } from './src/processes';

jest.setTimeout(60_000);
afterAll(() => stopStartingApps());
