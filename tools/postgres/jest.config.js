module.exports = {
  ...require('../../jest.preset.js'),
  ...require('./jest.postgres.js'),
  displayName: 'postgres',
};
