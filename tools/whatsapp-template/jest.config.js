module.exports = { ...require('../../jest.preset.js'), displayName: 'whatsapp-template' };
