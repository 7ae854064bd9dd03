module.exports = { ...require('../../jest.preset.js'), displayName: 'otp-service' };
