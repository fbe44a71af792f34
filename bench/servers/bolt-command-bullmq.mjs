// The alternative a user would build for slash commands: a Bolt app whose `/deploy` listener adds
// the command as a BullMQ job (keyed by its trigger_id: Slack's retry is the same job) before it
// acks, so that no command is lost when the process dies after answering. The bot's work, done the
// way Bolt's documentation shows (ack within 3 s, the job's id from the request).
import { importFromServices } from '../lib/resolve.mjs';
import { announce, exitOnSignal } from './listening.mjs';
import { boltApp } from './load-bolt.mjs';

// The very BullMQ the services run.
const { Queue } = await importFromServices('bullmq');

const queue = new Queue('chat-commands', {
  connection: { url: process.env.REDIS_URL },
  prefix: process.env.BENCH_PREFIX,
});
const app = boltApp();
app.command('/deploy', async ({ command, ack }) => {
  await queue.add(
    'deploy',
    {
      trigger_id: command.trigger_id,
      team_id: command.team_id,
      channel_id: command.channel_id,
      user_id: command.user_id,
      text: command.text,
      response_url: command.response_url,
    },
    { jobId: command.trigger_id, removeOnComplete: 1000, removeOnFail: 5000, attempts: 5 },
  );
  await ack({ response_type: 'ephemeral', text: `On it: ${command.text}.` });
});
const server = await app.start(Number(process.env.PORT ?? 0));
announce('bolt-command-bullmq', server.address());
exitOnSignal(async () => {
  await app.stop();
  await queue.close();
});
