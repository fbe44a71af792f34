import { parseAppsConfig } from '@chatops/shared/runtime';

/** The message parseAppsConfig refuses a config with, or null when it takes it. */
export function configError(text: string): string | null {
  try {
    parseAppsConfig(text);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}
