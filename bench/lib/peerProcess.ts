import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { PeerReady, PeerStats } from '../peers/statsServer.ts';

export interface PeerProcessOptions {
  /** Entry file under bench/peers. */
  entry: string;
  args?: string[];
  env?: Record<string, string>;
  /** Write a V8 CPU profile of this process into the directory. @default none */
  cpuProfDir?: string;
  /** @default 90000 */
  startTimeoutMs?: number;
}

/** A peer (or the simulators) in a child process of its own, driven over IPC. */
export class PeerProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly ready: PeerReady,
  ) {}

  static async start(options: PeerProcessOptions): Promise<PeerProcess> {
    const entry = fileURLToPath(new URL(`../peers/${options.entry}`, import.meta.url));
    const execArgv = ['--import', 'tsx', ...(options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [])];
    const child = fork(entry, options.args ?? [], {
      execArgv,
      env: { ...process.env, ...options.env },
      // Request logs (stdout) are produced as in production but not shown; errors still are.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const ready = await new Promise<PeerReady>((resolve, reject) => {
      // A peer that failed or timed out must not linger (with its subgraph servers) after the run.
      const fail = (err: Error) => {
        if (child.exitCode === null) child.kill('SIGTERM');
        reject(err);
      };
      const timer = setTimeout(
        () => fail(new Error(`${options.entry} did not start within ${options.startTimeoutMs ?? 90_000} ms`)),
        options.startTimeoutMs ?? 90_000,
      );
      child.on('message', function onMessage(m: { type: string; message?: string }) {
        if (m.type === 'ready') {
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(m as PeerReady);
        } else if (m.type === 'error') {
          clearTimeout(timer);
          fail(new Error(`${options.entry} failed to start: ${m.message}`));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${options.entry} exited with code ${code}`));
      });
    });
    return new PeerProcess(child, ready);
  }

  get pid(): number {
    return this.child.pid!;
  }

  private ask<T>(type: 'reset' | 'stats'): Promise<T> {
    return new Promise<T>((resolve) => {
      const onMessage = (m: { type: string }) => {
        if (m.type !== type) return;
        this.child.off('message', onMessage);
        resolve(m as T);
      };
      this.child.on('message', onMessage);
      this.child.send({ type });
    });
  }

  reset(): Promise<void> {
    return this.ask<void>('reset');
  }

  stats(): Promise<PeerStats> {
    return this.ask<PeerStats>('stats');
  }

  /** Asks the process to close and exit (so a CPU profile gets written); kills it after 20 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.child.send({ type: 'stop' });
    });
  }
}
