// `npm test` runs every project's tests in one Jest run; `npx nx test <project>` runs one.
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const projects = ['apps', 'libs', 'tools'].flatMap((group) =>
  existsSync(join(__dirname, group))
    ? readdirSync(join(__dirname, group))
        .map((name) => join(__dirname, group, name, 'jest.config.js'))
        .filter((file) => existsSync(file))
    : [],
);

module.exports = { ...require('./jest.safety.js'), projects };
