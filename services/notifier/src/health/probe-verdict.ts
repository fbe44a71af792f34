import type { ProbeResult } from '../ports.js';
import { formatDuration } from '@chatops/shared/contracts';

/** "healthy in 1.2 s", "unhealthy: 503", "unhealthy: timed out after 5000 ms". */
export function probeVerdict(result: ProbeResult): string {
  if (result.healthy) return `healthy in ${formatDuration(result.latencyMs)}`;
  if (result.error) return `unhealthy: ${result.error}`;
  return `unhealthy: ${result.status ?? 'no answer'} in ${formatDuration(result.latencyMs)}`;
}
