import { runService } from '@chatops/shared/runtime';
import { checkProviderEnv, loadConfig, secretsOf } from './config.js';
import { createHeaven } from './create-heaven.js';

await runService({ name: 'heaven', loadConfig, secretsOf, check: checkProviderEnv, create: createHeaven });
