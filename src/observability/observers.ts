import { globalSingleton } from '../internal/global-singleton.js';
import type { CapacityPart } from './consumed-capacity.js';
import type { OperationEvent, StartedOperation } from './operation-event.js';

/** Follows one operation from its start: OpenTelemetry spans, listeners, the capacity meter. */
export interface OperationTrace {
  /** Runs one request of the operation (a tracer makes the operation's span current, so the SDK's spans nest in it). */
  request?<R>(send: () => Promise<R>): Promise<R>;
  /** The capacity DynamoDB reported for one response, table by table and index by index. */
  capacity?(parts: readonly CapacityPart[]): void;
  end(event: OperationEvent): void;
}

/** Told when each operation starts; returns what follows it, or undefined to leave it alone. */
export interface OperationObserver {
  start(operation: StartedOperation): OperationTrace | undefined;
  /** The observer needs every request to return its consumed capacity (ReturnConsumedCapacity INDEXES). */
  readonly needsCapacity?: boolean;
}

export type OperationListener = (event: OperationEvent) => void;

/** A listener of the operations of one key; a client's listeners are also told the client the operation ran on. */
export type KeyedListener = (event: OperationEvent, client: object | undefined) => void;

interface Hub {
  readonly observers: Set<OperationObserver>;
  /** Listeners of the operations of one repository (its guarded table) or of one client (a tenant provider's). */
  readonly keyed: WeakMap<object, Set<KeyedListener>>;
  /** How many observers and keyed listeners there are: with none, operations are not followed at all. */
  count: number;
  capacityWanted: number;
}

const hub = globalSingleton<Hub>('operation-observers', () => ({
  observers: new Set(),
  keyed: new WeakMap(),
  count: 0,
  capacityWanted: 0,
}));

/** Whether anybody follows operations (checked once per operation: nothing else is done for nobody). */
export function observing(): boolean {
  return hub.count > 0;
}

/** Whether some observer needs the consumed capacity of every request. */
export function capacityWanted(): boolean {
  return hub.capacityWanted > 0;
}

/** Adds an observer of every operation; returns the function that removes it. */
export function addObserver(observer: OperationObserver): () => void {
  if (hub.observers.has(observer)) return () => {};
  hub.observers.add(observer);
  hub.count++;
  if (observer.needsCapacity) hub.capacityWanted++;
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    hub.observers.delete(observer);
    hub.count--;
    if (observer.needsCapacity) hub.capacityWanted--;
  };
}

/** Adds a listener of the operations that involve `key`; returns the function that removes it. */
export function addKeyedListener(key: object, listener: KeyedListener): () => void {
  let set = hub.keyed.get(key);
  if (!set) {
    set = new Set();
    hub.keyed.set(key, set);
  }
  const listeners = set;
  const wrapped: KeyedListener = (event, client) => listener(event, client);
  listeners.add(wrapped);
  hub.count++;
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    listeners.delete(wrapped);
    hub.count--;
  };
}

/** The traces of an operation that starts now: one per observer that follows it. */
export function startTraces(started: StartedOperation): OperationTrace[] {
  const traces: OperationTrace[] = [];
  for (const observer of hub.observers) {
    const trace = safely(() => observer.start(started));
    if (trace) traces.push(trace);
  }
  return traces;
}

/** The keyed listeners of an operation, from the keys it involves (repositories' tables, its client and its base). */
export function keyedListeners(
  keys: readonly object[],
  client: object | undefined,
  base: object | undefined,
): KeyedListener[] {
  const out: KeyedListener[] = [];
  const add = (key: object | undefined) => {
    const listeners = key && hub.keyed.get(key);
    if (listeners) for (const listener of listeners) out.push(listener);
  };
  for (const key of keys) add(key);
  add(client);
  add(base);
  return out;
}

/** Observability must not fail an operation: a throwing observer is ignored. */
export function safely<R>(fn: () => R): R | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
