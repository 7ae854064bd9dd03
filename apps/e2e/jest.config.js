module.exports = {
  ...require('../../jest.preset.js'),
  ...require('../../tools/postgres/jest.postgres.js'),
  displayName: 'e2e',
  setupFilesAfterEnv: ['<rootDir>/jest.timeout.ts'],
};
