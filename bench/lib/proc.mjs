// Child processes of the benchmark: each service or competitor runs as its own Node process. Its
// stdout/stderr go to a log file (so reading them costs the load generator nothing); its URL comes
// from the JSON "listening" line, as with the sandbox's ServiceProcess.
import { execSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let ticksPerSecond = 100;
try {
  ticksPerSecond = Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
} catch {
  /* not Linux: cpuMs() answers NaN anyway */
}

const live = new Set();
const started = [];

/** name → pid of every process started (to match .cpuprofile files, which are named by pid). */
export function startedProcesses() {
  return started.map((p) => ({ name: p.name, pid: p.pid }));
}

/** Every process started and not yet stopped (for the Ctrl-C / error cleanup). */
export function liveProcesses() {
  return [...live];
}

export class Proc {
  constructor(name, script, { env = {}, logDir, nodeArgs = [] }) {
    this.name = name;
    this.script = script;
    this.env = env;
    this.nodeArgs = nodeArgs;
    this.logFile = join(logDir, `${name}.log`);
    this.url = '';
    this.child = null;
  }

  get pid() {
    return this.child?.pid;
  }

  get running() {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(timeoutMs = 30_000) {
    const fd = openSync(this.logFile, 'a');
    this.child = spawn(process.execPath, [...this.nodeArgs, this.script], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...this.env },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    live.add(this);
    started.push(this);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve(code ?? signal)));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`[bench] ${this.name} exited before listening:\n${this.tail()}`);
      const url = listeningUrl(readFileSync(this.logFile, 'utf8'));
      if (url) {
        this.url = url;
        return url;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await this.stop();
    throw new Error(`[bench] ${this.name} did not listen within ${timeoutMs} ms:\n${this.tail()}`);
  }

  tail(lines = 15) {
    try {
      return readFileSync(this.logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /** Resident set size in MB, from /proc (Linux) — the process's own, not its children's. */
  rssMb() {
    if (!this.running) return NaN;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    } catch {
      return NaN;
    }
  }

  /** CPU time (user + system) the process has used so far, in ms, from /proc (Linux). */
  cpuMs() {
    if (!this.running) return NaN;
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
    } catch {
      return NaN;
    }
  }

  /** SIGTERM, then SIGKILL after graceMs. */
  async stop(graceMs = 8_000) {
    if (this.running) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    live.delete(this);
  }

  /** Last resort, synchronous (process 'exit' handler). */
  killNow() {
    if (this.running) this.child.kill('SIGKILL');
    live.delete(this);
  }
}

function listeningUrl(text) {
  for (const line of text.split('\n')) {
    if (!line.includes('"listening"')) continue;
    try {
      const parsed = JSON.parse(line);
      if (parsed.msg === 'listening' && parsed.url) return parsed.url;
    } catch {
      /* not JSON */
    }
  }
  return null;
}
