import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../../contracts/errors.js';
import { formatZodIssues } from '../../contracts/format-zod-issues.js';
import { appsConfigSchema, type AppsConfig } from '../../contracts/config/app-config-schema.js';

/** Parses the text of an apps config file (YAML or JSON). Throws a ConfigError naming each bad field. */
export function parseAppsConfig(text: string, source = 'config'): AppsConfig {
  let raw: unknown;
  try {
    raw = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ConfigError([`cannot be parsed: ${(e as Error).message.split('\n')[0]}`], source);
  }
  const parsed = appsConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new ConfigError(formatZodIssues(parsed.error), source);
  return parsed.data;
}

/** Reads and validates the apps config file at `path`. */
export function loadAppsConfig(path: string): AppsConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError([`cannot read the apps config file ${path} (set CHATOPS_CONFIG)`]);
  }
  return parseAppsConfig(text, path);
}
