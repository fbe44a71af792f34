// Ceiling for slash commands: @slack/bolt's HTTPReceiver (signature check, body parsing, the
// listener middleware chain) acknowledging the command, storing nothing.
import { announce, exitOnSignal } from './listening.mjs';
import { boltApp } from './load-bolt.mjs';

const app = boltApp();
app.command('/deploy', async ({ command, ack }) => {
  await ack({ response_type: 'ephemeral', text: `On it: ${command.text}.` });
});
const server = await app.start(Number(process.env.PORT ?? 0));
announce('bolt-command', server.address());
exitOnSignal(() => app.stop());
