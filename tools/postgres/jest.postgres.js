// Spread into the jest.config.js of every project with PostgreSQL-backed tests: one embedded PostgreSQL
// per Jest run (Jest runs a global setup module once, however many projects name it).
const { join } = require('node:path');

module.exports = {
  globalSetup: join(__dirname, 'src/jest/global-setup.ts'),
  globalTeardown: join(__dirname, 'src/jest/global-teardown.ts'),
};
