const { unitProject } = require('../../jest.preset');

module.exports = unitProject('domain', __dirname);
