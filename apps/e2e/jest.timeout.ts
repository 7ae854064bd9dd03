// Tests and hooks here start real processes: 60 s each. Set per file because Jest reads `testTimeout`
// only from the root configuration (a project's own `testTimeout` is ignored in `npm test`).
jest.setTimeout(60_000);
