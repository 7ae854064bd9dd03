module.exports = {
  ...require('../../jest.preset.js'),
  ...require('../../tools/postgres/jest.postgres.js'),
  displayName: 'store',
};
