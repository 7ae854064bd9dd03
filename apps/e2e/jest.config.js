module.exports = {
  ...require('../../jest.preset.js'),
  ...require('../../tools/postgres/jest.postgres.js'),
  displayName: 'e2e',
  testTimeout: 60_000,
};
