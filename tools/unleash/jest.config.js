module.exports = {
  ...require('../../jest.preset.js'),
  ...require('../postgres/jest.postgres.js'),
  displayName: 'unleash',
};
