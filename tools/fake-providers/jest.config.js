module.exports = { ...require('../../jest.preset.js'), displayName: 'fake-providers' };
