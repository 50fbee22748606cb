import { spawn } from 'node:child_process';

/** How a background child process ended: its answer on stdout, or stopped by the parent. */
export type ChildEnd = { stopped: true } | { stopped: false; code: number | null; out: string; error: Error | null };

/**
 * Runs a background child process (the daily full check, the daily backup of a large database).
 * A child, not a thread: a thread busy in one long SQLite statement cannot be stopped, and would
 * hold up the app's exit for as long; a child is killed at once. It never keeps a command or the
 * host from ending, nor outlives it (it is killed when this process exits). The answer is what the
 * child writes on stdout. Returns the stop (the app closing); a stopped child ends as `stopped`.
 * In the desktop app `process.execPath` is Electron, run as Node by ELECTRON_RUN_AS_NODE.
 */
export function runInChild(args: readonly string[], env: Record<string, string>, done: (end: ChildEnd) => void): () => void {
  let stopped = false;
  let out = '';
  let ended = false;
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
    windowsHide: true,
  });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => (out += d));
  const finish = (end: ChildEnd): void => {
    if (ended) return;
    ended = true;
    process.off('exit', stop);
    done(end);
  };
  child.on('error', (error) => finish(stopped ? { stopped: true } : { stopped: false, code: null, out, error }));
  child.on('close', (code) => finish(stopped ? { stopped: true } : { stopped: false, code, out, error: null }));
  function stop(): void {
    process.off('exit', stop);
    if (stopped || child.exitCode !== null || child.signalCode !== null) return;
    stopped = true;
    child.kill();
  }
  child.unref();
  (child.stdout as unknown as { unref?: () => void }).unref?.();
  process.on('exit', stop);
  return stop;
}
