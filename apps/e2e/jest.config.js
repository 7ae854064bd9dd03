module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'e2e',
  testTimeout: 60_000,
  setupFilesAfterEnv: ['<rootDir>/src/setup-timeout.ts'],
};
