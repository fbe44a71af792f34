import { RunAgainLater } from '@chatops/shared/runtime';

/** Runs one look of a deployment: the RunAgainLater it ends with, or null when it ended; other errors thrown. */
export async function againLater(look: Promise<unknown>): Promise<RunAgainLater | null> {
  try {
    await look;
    return null;
  } catch (e) {
    if (e instanceof RunAgainLater) return e;
    throw e;
  }
}
