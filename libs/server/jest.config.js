const { unitProject } = require('../../jest.preset');

module.exports = unitProject('server', __dirname);
