import { runService } from '@chatops/shared/runtime';
import { loadConfig, secretsOf } from './config.js';
import { createBot } from './create-bot.js';

await runService({ name: 'bot', loadConfig, secretsOf, create: createBot });
