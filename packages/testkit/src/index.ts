export * from './fake-server.js';
export * from './fake-github.js';
export * from './fake-slack.js';
export * from './fake-circleci.js';
export * from './github-payloads.js';
export * from './slack-request.js';
export * from './redis-test.js';
export * from './prometheus-sample.js';
