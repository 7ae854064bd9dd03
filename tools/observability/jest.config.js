module.exports = { ...require('../../jest.preset.js'), displayName: 'observability-files' };
