export * from './service-process.js';
export * from './start-stack.js';
export * from './render-channel.js';
