import type { ChildProcess } from 'node:child_process';

/**
 * Process groups (by leader pid) this process started and has not stopped yet.
 * If the process exits without stopping them, the 'exit' hook kills them
 * synchronously, so a forgotten stop() does not leave a java process behind.
 * While any is live, SIGINT, SIGTERM and SIGHUP kill them too (a detached
 * group does not get the terminal's signals); the signal then takes its
 * default course unless the application listens for it itself.
 */
const live = new Set<number>();
let exitHookInstalled = false;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let signalHooksInstalled = false;

function onSignal(signal: NodeJS.Signals): void {
  killAllOnExit();
  removeSignalHooks();
  // Nobody else handles it: re-raise so the process ends as it would have without us.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function installSignalHooks(): void {
  if (signalHooksInstalled) return;
  for (const signal of SIGNALS) process.on(signal, onSignal);
  signalHooksInstalled = true;
}

function removeSignalHooks(): void {
  if (!signalHooksInstalled) return;
  for (const signal of SIGNALS) process.off(signal, onSignal);
  signalHooksInstalled = false;
}

function killGroupSync(pid: number, signal: NodeJS.Signals): void {
  try {
    if (process.platform === 'win32') process.kill(pid, signal);
    else process.kill(-pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

function killAllOnExit(): void {
  for (const pid of live) killGroupSync(pid, 'SIGKILL');
  live.clear();
}

/** Registers a detached child (leader of its own process group) for the exit safety net. */
export function trackProcessGroup(pid: number): void {
  live.add(pid);
  installSignalHooks();
  if (!exitHookInstalled) {
    process.on('exit', killAllOnExit);
    exitHookInstalled = true;
  }
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(hasExited(child));
    }, timeoutMs);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * Stops a detached child and its whole process group: SIGTERM, then SIGKILL
 * after `graceMs`. Resolves once the child has exited.
 */
export async function stopProcessGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  try {
    if (!hasExited(child)) {
      killGroupSync(pid, 'SIGTERM');
      if (!(await waitForExit(child, graceMs))) {
        killGroupSync(pid, 'SIGKILL');
        if (!(await waitForExit(child, 5_000))) {
          throw new Error(`process group ${pid} did not exit after SIGKILL`);
        }
      }
    }
    // The leader is gone; anything it left in its group goes too.
    killGroupSync(pid, 'SIGKILL');
  } finally {
    live.delete(pid);
    if (live.size === 0) removeSignalHooks();
  }
}
