import type { MessageRef } from '@chatops/shared/contracts';
import type { MessageState } from '../../src/deployments/message-state.js';
import type { DeploymentLine, DeploymentSession, DeploymentSessions } from '../../src/ports.js';

/** Deployment sessions in memory: a lock per deployment, and what was saved (written at flush/release). */
export class InMemorySessions implements DeploymentSessions {
  readonly states = new Map<number, MessageState>();
  readonly refs = new Map<number, MessageRef>();
  readonly lastSha = new Map<string, string>();
  private readonly held = new Set<number>();

  async open(id: number, line?: DeploymentLine): Promise<DeploymentSession | null> {
    if (this.held.has(id)) return null;
    this.held.add(id);
    const queued: Array<() => void> = [];
    const send = async () => {
      for (const write of queued.splice(0)) write();
    };
    return {
      state: structuredClone(this.states.get(id) ?? null),
      ref: this.refs.get(id) ?? null,
      lastSuccessSha: line ? (this.lastSha.get(`${line.repository}:${line.environment}`) ?? null) : null,
      saveState: (state) => queued.push(() => this.states.set(id, structuredClone(state))),
      saveRef: (ref) => queued.push(() => this.refs.set(id, ref)),
      setLastSuccessSha: (repo, env, sha) => queued.push(() => this.lastSha.set(`${repo}:${env}`, sha)),
      flush: send,
      release: async () => {
        await send();
        this.held.delete(id);
      },
    };
  }
}
