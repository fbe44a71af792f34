export * from './service-process.js';
export * from './start-stack.js';
export * from './render-channel.js';
export * from './private-redis.js';
export * from './chaos-checks.js';
export * from './chaos.js';
export * from './sentinel-redis.js';
export * from './cluster-redis.js';
