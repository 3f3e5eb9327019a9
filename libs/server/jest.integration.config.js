const { integrationProject } = require('../../jest.preset');

module.exports = integrationProject('server', __dirname);
