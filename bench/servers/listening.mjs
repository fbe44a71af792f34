/** The same "listening" log line the services print, so one runner starts them all. */
export function announce(name, address) {
  const port = typeof address === 'object' && address ? address.port : new URL(address).port;
  process.stdout.write(`${JSON.stringify({ name, msg: 'listening', url: `http://127.0.0.1:${port}` })}\n`);
}

export function exitOnSignal(close) {
  const stop = () => Promise.resolve(close()).finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
