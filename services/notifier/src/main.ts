import { runService } from '@chatops/shared/runtime';
import { loadConfig, secretsOf } from './config.js';
import { createNotifier } from './create-notifier.js';

await runService({ name: 'notifier', loadConfig, secretsOf, create: createNotifier });
