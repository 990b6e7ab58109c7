import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetItemRequestBuilder,
  BatchIncompleteError,
  BatchWriteItemRequestBuilder,
  FluentDynamoError,
  type Repository,
  runInTenantScope,
  runWithClient,
  TenantIsolationError,
  TransactWriteItemsRequestBuilder,
} from '../../../src/index.js';
import { ItemFields as F, ItemKeys, type TenantItem, tenantItem } from './entities.js';
import { type Classified, classify, Tally } from './outcomes.js';

/** What the application knows an item is (after acknowledged writes only). */
export interface ModelItem {
  readonly value: number;
  readonly version: number;
  readonly ops: readonly string[];
}

/** An item touched by a write of unknown outcome: it must end up in one of these states (undefined: absent). */
interface Quarantined {
  readonly candidates: ReadonlyArray<ModelItem | undefined>;
  /** Which candidate means "the unknown write was applied". */
  readonly appliedIndex: number;
  readonly opId: string;
  /** Items that must agree (the other item of a transaction): both applied or neither. */
  readonly together?: string;
}

export interface WorkerTotals {
  operations: number;
  /** Writes acknowledged, one per item written (a transaction of two updates counts 2). */
  acknowledged: number;
  /** Writes that definitely failed. */
  failed: number;
  /** Writes with unknown outcome (one per operation). */
  unknown: number;
  /** Reads compared with the model. */
  readsChecked: number;
  /** Bad inputs refused before sending. */
  badInputs: number;
}

export interface WorkerOptions {
  readonly tenantId: string;
  /** The repository requests go through (proxy, faults, the tenant's client). */
  readonly items: Repository<TenantItem>;
  /** The tenant's client, made ambient with runWithClient for every operation. */
  readonly client: DynamoDBClient;
  /** Straight to DynamoDB Local, for the checks. */
  readonly direct: Repository<TenantItem>;
  readonly random: () => number;
  /** Every operation runs in runInTenantScope of its tenant (the key guard). Default true. */
  readonly tenantScope?: boolean;
}

export interface VerifyResult {
  readonly writesVerified: number;
  readonly lost: string[];
  readonly failuresVerifiedAbsent: number;
  readonly failuresPresent: string[];
  readonly unknownApplied: number;
  readonly unknownNotApplied: number;
  readonly problems: string[];
}

const same = (a: ModelItem | undefined, b: ModelItem | undefined): boolean =>
  a === undefined || b === undefined
    ? a === b
    : a.value === b.value &&
      a.version === b.version &&
      a.ops.length === b.ops.length &&
      a.ops.every((o, i) => o === b.ops[i]);

function modelOf(item: TenantItem | undefined): ModelItem | undefined {
  return item === undefined ? undefined : { value: item.value, version: item.version ?? 0, ops: [...(item.ops ?? [])] };
}

function show(m: ModelItem | undefined): string {
  return m === undefined ? 'absent' : `v${m.version} value=${m.value} ops=[${m.ops.join(',')}]`;
}

/**
 * One tenant's share of a workload: random puts, conditional puts,
 * updates, deletes, batch writes, transactions, queries and batch gets on the
 * tenant's own partition, one at a time, against a model of what the
 * application knows. Every write carries an operation id that it appends to
 * the item's `ops`, so the final state shows which writes landed, and how
 * often.
 *
 * A write whose outcome is unknown puts its items in quarantine: they are not
 * touched again, and at the end each must be in the state before or after
 * that write (applied at most once; both items of a transaction alike).
 */
export class TenantWorker {
  readonly tenantId: string;
  readonly totals: WorkerTotals = {
    operations: 0,
    acknowledged: 0,
    failed: 0,
    unknown: 0,
    readsChecked: 0,
    badInputs: 0,
  };
  /** Error labels seen, e.g. `VersionConflictError`, `DynamoRequestError:TimeoutError`. */
  readonly errors = new Tally();
  readonly #o: WorkerOptions;
  readonly #live = new Map<string, ModelItem>();
  readonly #deleted = new Set<string>();
  readonly #quarantine = new Map<string, Quarantined>();
  /** `${opId}@${itemId}` of acknowledged writes, with the item they must be found in ('' for a delete). */
  readonly #acked = new Map<string, string>();
  readonly #failedOps = new Set<string>();
  /** Acknowledged deletes: item id -> operation id. */
  readonly #deletes = new Map<string, string>();
  readonly #verified = new Set<string>();
  /** Problems found while running (a read that disagreed with the model): reported by verify(). */
  readonly #problems: string[] = [];
  #seq = 0;
  #itemSeq = 0;

  constructor(options: WorkerOptions) {
    this.#o = options;
    this.tenantId = options.tenantId;
  }

  get liveItems(): number {
    return this.#live.size;
  }

  #opId(): string {
    this.#seq += 1;
    return `${this.tenantId}.${this.#seq}`;
  }

  #newItemId(): string {
    this.#itemSeq += 1;
    return `i${this.#itemSeq}`;
  }

  #pick(): [string, ModelItem] | undefined {
    const ids = [...this.#live.keys()];
    if (ids.length === 0) return undefined;
    const id = ids[Math.floor(this.#o.random() * ids.length)] as string;
    return [id, this.#live.get(id) as ModelItem];
  }

  #run<R>(fn: () => Promise<R>): Promise<R> {
    const inClient = () => runWithClient(this.#o.client, fn);
    return this.#o.tenantScope === false ? inClient() : runInTenantScope({ tenantId: this.tenantId }, inClient);
  }

  /** Runs one write; returns the verdict of its error, or undefined on success. */
  async #write(fn: () => Promise<unknown>): Promise<Classified | undefined> {
    this.totals.operations += 1;
    try {
      await this.#run(fn);
      return undefined;
    } catch (error) {
      const verdict = classify(error);
      this.errors.add(verdict.label);
      return verdict;
    }
  }

  #ack(opId: string, itemId: string): void {
    this.totals.acknowledged += 1;
    this.#acked.set(`${opId}@${itemId}`, itemId);
  }

  #fail(opId: string): void {
    this.totals.failed += 1;
    this.#failedOps.add(opId);
  }

  #quarantineItem(itemId: string, q: Quarantined): void {
    this.#live.delete(itemId);
    this.#quarantine.set(itemId, q);
  }

  /** One random operation. */
  async step(): Promise<void> {
    const r = this.#o.random();
    if (this.#live.size < 3 || r < 0.18) return this.#create();
    if (r < 0.4) return this.#update(false);
    if (r < 0.44) return this.#update(true);
    if (r < 0.48) return this.#duplicateCreate();
    if (r < 0.58) return this.#replace();
    if (r < 0.62) return this.#delete();
    if (r < 0.7) return this.#batchPut();
    if (r < 0.8) return this.#transaction();
    if (r < 0.9) return this.#query();
    if (r < 0.96) return this.#batchGet();
    return this.#badInput();
  }

  async #create(): Promise<void> {
    const itemId = this.#newItemId();
    const opId = this.#opId();
    const value = Math.floor(this.#o.random() * 1000);
    const after: ModelItem = { value, version: 1, ops: [opId] };
    const verdict = await this.#write(() =>
      this.#o.items.put.withItem(tenantItem(this.tenantId, itemId, value, [opId])).execute(),
    );
    if (!verdict) {
      this.#live.set(itemId, after);
      this.#ack(opId, itemId);
    } else if (verdict.verdict === 'failed') this.#fail(opId);
    else {
      this.totals.unknown += 1;
      this.#quarantineItem(itemId, { candidates: [undefined, after], appliedIndex: 1, opId });
    }
  }

  async #update(stale: boolean): Promise<void> {
    const picked = this.#pick();
    if (!picked) return;
    const [itemId, before] = picked;
    const opId = this.#opId();
    const value = Math.floor(this.#o.random() * 1000);
    const expected = stale ? before.version - 1 : before.version;
    const verdict = await this.#write(() =>
      this.#o.items.update
        .withKey({ tenantId: this.tenantId, itemId })
        .set(`SET ${F.value} = {0}, ${F.ops} = list_append(${F.ops}, {1})`, value, [opId])
        .expectVersion(expected)
        .execute(),
    );
    const after: ModelItem = { value, version: before.version + 1, ops: [...before.ops, opId] };
    if (!verdict) {
      if (stale) this.#problems.push(`${opId}: an update with stale version ${expected} was acknowledged`);
      this.#live.set(itemId, after);
      this.#ack(opId, itemId);
    } else if (verdict.verdict === 'failed') {
      this.#fail(opId);
    } else {
      this.totals.unknown += 1;
      this.#quarantineItem(itemId, { candidates: [before, stale ? before : after], appliedIndex: 1, opId });
    }
  }

  async #duplicateCreate(): Promise<void> {
    const picked = this.#pick();
    if (!picked) return;
    const [itemId, before] = picked;
    const opId = this.#opId();
    // No version: "a new item", so the put must be refused on an existing key.
    const verdict = await this.#write(() =>
      this.#o.items.put.withItem(tenantItem(this.tenantId, itemId, -1, [opId])).execute(),
    );
    if (!verdict) {
      this.#problems.push(`${opId}: a put of a new item over existing ${itemId} was acknowledged`);
      this.#live.set(itemId, { value: -1, version: 1, ops: [opId] });
    } else if (verdict.verdict === 'failed') this.#fail(opId);
    else {
      this.totals.unknown += 1;
      this.#quarantineItem(itemId, { candidates: [before], appliedIndex: -1, opId });
    }
  }

  async #replace(): Promise<void> {
    const picked = this.#pick();
    if (!picked) return;
    const [itemId, before] = picked;
    const opId = this.#opId();
    const value = Math.floor(this.#o.random() * 1000);
    const ops = [...before.ops, opId];
    const verdict = await this.#write(() =>
      this.#o.items.put.withItem(tenantItem(this.tenantId, itemId, value, ops, before.version)).execute(),
    );
    const after: ModelItem = { value, version: before.version + 1, ops };
    if (!verdict) {
      this.#live.set(itemId, after);
      this.#ack(opId, itemId);
    } else if (verdict.verdict === 'failed') this.#fail(opId);
    else {
      this.totals.unknown += 1;
      this.#quarantineItem(itemId, { candidates: [before, after], appliedIndex: 1, opId });
    }
  }

  async #delete(): Promise<void> {
    const picked = this.#pick();
    if (!picked) return;
    const [itemId, before] = picked;
    // Verify, then delete: the acknowledged writes of the item are checked while it still exists.
    if (!(await this.#checkStored(itemId, before))) return;
    const opId = this.#opId();
    const verdict = await this.#write(() =>
      this.#o.items.delete.withKey({ tenantId: this.tenantId, itemId }).expectVersion(before.version).execute(),
    );
    if (!verdict) {
      this.#live.delete(itemId);
      this.#deleted.add(itemId);
      this.#deletes.set(itemId, opId);
      this.#ack(opId, `-${itemId}`);
    } else if (verdict.verdict === 'failed') {
      if (/Conditional|VersionConflict/.test(verdict.label))
        this.#problems.push(`${opId}: a delete with the current version was refused (${verdict.label})`);
      this.#fail(opId);
    } else {
      this.totals.unknown += 1;
      this.#quarantineItem(itemId, { candidates: [before, undefined], appliedIndex: 1, opId });
    }
  }

  /** Reads the item straight from DynamoDB Local and compares; false when it could not be read (an outage). */
  async #checkStored(itemId: string, expected: ModelItem): Promise<boolean> {
    let item: TenantItem | undefined;
    try {
      ({ item } = await this.#o.direct.get.withKey({ tenantId: this.tenantId, itemId }).consistentRead().execute());
    } catch (error) {
      if (!(error instanceof FluentDynamoError)) throw error;
      this.errors.add(`check:${error.name}`);
      return false;
    }
    const stored = modelOf(item);
    if (!same(stored, expected)) {
      this.#problems.push(`${this.tenantId}/${itemId}: stored ${show(stored)}, expected ${show(expected)}`);
      return false;
    }
    for (const op of expected.ops) if (this.#acked.has(`${op}@${itemId}`)) this.#verified.add(`${op}@${itemId}`);
    return true;
  }

  async #batchPut(): Promise<void> {
    const n = 2 + Math.floor(this.#o.random() * 6);
    const puts = Array.from({ length: n }, () => {
      const itemId = this.#newItemId();
      const opId = this.#opId();
      return { itemId, opId, value: Math.floor(this.#o.random() * 1000) };
    });
    this.totals.operations += 1;
    let unprocessed: Set<number> | undefined;
    let uncertain: Set<number> | undefined;
    let verdict: Classified | undefined;
    try {
      await this.#run(() => {
        const batch = new BatchWriteItemRequestBuilder(this.#o.client)
          .skipVersionChecks()
          .withRetry({ maxAttempts: 12, baseDelayMs: 5, maxDelayMs: 100 });
        for (const p of puts)
          batch.put(this.#o.items, (b) => b.withItem(tenantItem(this.tenantId, p.itemId, p.value, [p.opId])));
        return batch.execute();
      });
    } catch (error) {
      if (!(error instanceof BatchIncompleteError)) {
        verdict = classify(error);
        this.errors.add(verdict.label);
      } else {
        this.errors.add(`${error.name}`);
        unprocessed = new Set(error.unprocessed.map((u) => u.index));
        uncertain = new Set(error.uncertain.map((u) => u.index));
      }
    }
    puts.forEach((p, index) => {
      const after: ModelItem = { value: p.value, version: 1, ops: [p.opId] };
      // `unprocessed` is a promise that the write did not land (checked absent at the end); `uncertain` is not.
      if (verdict?.verdict === 'failed' || unprocessed?.has(index)) this.#fail(p.opId);
      else if (verdict || uncertain?.has(index)) {
        this.totals.unknown += 1;
        this.#quarantineItem(p.itemId, { candidates: [undefined, after], appliedIndex: 1, opId: p.opId });
      } else {
        this.#live.set(p.itemId, after);
        this.#ack(p.opId, p.itemId);
      }
    });
  }

  async #transaction(): Promise<void> {
    const a = this.#pick();
    if (!a) return;
    const others = [...this.#live.keys()].filter((id) => id !== a[0]);
    if (others.length === 0) return;
    const bId = others[Math.floor(this.#o.random() * others.length)] as string;
    const b: [string, ModelItem] = [bId, this.#live.get(bId) as ModelItem];
    const stale = this.#o.random() < 0.25;
    const opId = this.#opId();
    const value = Math.floor(this.#o.random() * 1000);
    const verdict = await this.#write(() => {
      const tx = new TransactWriteItemsRequestBuilder(this.#o.client);
      for (const [itemId, before] of [a, b]) {
        const expected = stale && itemId === b[0] ? before.version + 7 : before.version;
        tx.update(this.#o.items, (u) =>
          u
            .withKey({ tenantId: this.tenantId, itemId })
            .set(`SET ${F.value} = {0}, ${F.ops} = list_append(${F.ops}, {1})`, value, [opId])
            .expectVersion(expected),
        );
      }
      return tx.execute();
    });
    const after = (before: ModelItem): ModelItem => ({
      value,
      version: before.version + 1,
      ops: [...before.ops, opId],
    });
    if (!verdict) {
      if (stale) this.#problems.push(`${opId}: a transaction with a stale version was acknowledged`);
      for (const [itemId, before] of [a, b]) {
        this.#live.set(itemId, after(before));
        this.#ack(opId, itemId);
      }
    } else if (verdict.verdict === 'failed') {
      this.#fail(opId);
    } else {
      this.totals.unknown += 1;
      for (const [itemId, before] of [a, b]) {
        const other = itemId === a[0] ? b[0] : a[0];
        this.#quarantineItem(itemId, {
          candidates: [before, stale ? before : after(before)],
          appliedIndex: 1,
          opId,
          together: other,
        });
      }
    }
  }

  async #query(): Promise<void> {
    this.totals.operations += 1;
    let items: TenantItem[];
    try {
      const pageSize = 1 + Math.floor(this.#o.random() * 15);
      items = await this.#run(() =>
        this.#o.items.query
          .where(`${ItemKeys.pk.attribute} = {0}`, ItemKeys.pk({ tenantId: this.tenantId }))
          .consistentRead()
          .pageSize(pageSize)
          .all(),
      );
    } catch (error) {
      this.errors.add(classify(error).label);
      return;
    }
    this.totals.readsChecked += 1;
    const seen = new Set<string>();
    for (const item of items) {
      if (item.tenantId !== this.tenantId)
        this.#problems.push(`query of ${this.tenantId} returned ${item.tenantId}/${item.itemId}`);
      if (seen.has(item.itemId)) this.#problems.push(`query of ${this.tenantId} returned ${item.itemId} twice`);
      seen.add(item.itemId);
      if (this.#quarantine.has(item.itemId)) continue;
      const expected = this.#live.get(item.itemId);
      if (!same(modelOf(item), expected))
        this.#problems.push(
          `query: ${this.tenantId}/${item.itemId} is ${show(modelOf(item))}, expected ${show(expected)}`,
        );
    }
    for (const id of this.#live.keys())
      if (!seen.has(id)) this.#problems.push(`query of ${this.tenantId} did not return live item ${id}`);
  }

  async #batchGet(): Promise<void> {
    const ids = [...this.#live.keys()].slice(0, 10);
    const gone = [...this.#deleted].slice(-2);
    this.totals.operations += 1;
    try {
      const result = await this.#run(() => {
        const batch = new BatchGetItemRequestBuilder(this.#o.client).withRetry({
          maxAttempts: 12,
          baseDelayMs: 5,
          maxDelayMs: 100,
        });
        for (const itemId of [...ids, ...gone])
          batch.get(this.#o.items, (b) => b.withKey({ tenantId: this.tenantId, itemId }).consistentRead());
        return batch.execute();
      });
      this.totals.readsChecked += 1;
      const found = result.inRequestOrder(this.#o.items);
      [...ids, ...gone].forEach((itemId, i) => {
        const got = modelOf(found[i]);
        const expected = this.#live.get(itemId);
        if (!same(got, expected))
          this.#problems.push(`batch get: ${this.tenantId}/${itemId} is ${show(got)}, expected ${show(expected)}`);
      });
    } catch (error) {
      if (error instanceof FluentDynamoError)
        this.errors.add(error instanceof BatchIncompleteError ? error.name : classify(error).label);
      else throw error;
    }
  }

  /** Bad input inside the workload: a key of another tenant, and a tenant id with the separator. Both refused before sending. */
  async #badInput(): Promise<void> {
    const opId = this.#opId();
    const foreign = this.#o.tenantScope !== false && this.#o.random() < 0.5;
    const verdict = await this.#write(() =>
      foreign
        ? this.#o.items.put.withItem(tenantItem(`${this.tenantId}x`, 'stolen', 1, [opId])).execute()
        : this.#o.items.put.withItem(tenantItem(`${this.tenantId}#x`, 'forged', 1, [opId])).execute(),
    );
    this.totals.badInputs += 1;
    if (!verdict) this.#problems.push(`${opId}: bad input was written`);
    else if (verdict.verdict !== 'failed') this.#problems.push(`${opId}: bad input ended as ${verdict.label}`);
    else if (foreign && verdict.label !== TenantIsolationError.name)
      this.#problems.push(`${opId}: a foreign key failed with ${verdict.label}, not TenantIsolationError`);
    this.#fail(opId);
  }

  /**
   * Checks the stored items of this tenant (read straight from DynamoDB Local,
   * after all traffic stopped) against the model.
   */
  verify(stored: readonly TenantItem[]): VerifyResult {
    const problems = [...this.#problems];
    const byId = new Map<string, TenantItem>();
    for (const item of stored) {
      if (byId.has(item.itemId)) problems.push(`${this.tenantId}/${item.itemId} is stored twice`);
      byId.set(item.itemId, item);
    }
    const verified = new Set(this.#verified);
    for (const [itemId, expected] of this.#live) {
      const got = modelOf(byId.get(itemId));
      if (!same(got, expected))
        problems.push(`${this.tenantId}/${itemId}: stored ${show(got)}, expected ${show(expected)}`);
      else for (const op of expected.ops) if (this.#acked.has(`${op}@${itemId}`)) verified.add(`${op}@${itemId}`);
    }
    for (const [itemId, opId] of this.#deletes) {
      if (byId.has(itemId)) problems.push(`${this.tenantId}/${itemId} was deleted (acknowledged) but is stored`);
      else verified.add(`${opId}@-${itemId}`);
    }
    let unknownApplied = 0;
    let unknownNotApplied = 0;
    const appliedById = new Map<string, boolean>();
    for (const [itemId, q] of this.#quarantine) {
      const got = modelOf(byId.get(itemId));
      const index = q.candidates.findIndex((c) => same(c, got));
      if (index < 0) {
        problems.push(
          `${this.tenantId}/${itemId} after unknown ${q.opId}: stored ${show(got)}, expected one of ${q.candidates.map(show).join(' | ')}`,
        );
        continue;
      }
      const applied = index === q.appliedIndex;
      appliedById.set(itemId, applied);
      const candidate = q.candidates[index];
      if (candidate)
        for (const op of candidate.ops) if (this.#acked.has(`${op}@${itemId}`)) verified.add(`${op}@${itemId}`);
    }
    const counted = new Set<string>();
    for (const [itemId, q] of this.#quarantine) {
      const applied = appliedById.get(itemId);
      if (applied === undefined) continue;
      if (q.together !== undefined) {
        const other = appliedById.get(q.together);
        if (other !== undefined && other !== applied)
          problems.push(
            `transaction ${q.opId} is half-written: ${itemId} ${applied ? 'has' : 'lacks'} it, ${q.together} ${other ? 'has' : 'lacks'} it`,
          );
      }
      if (counted.has(q.opId)) continue;
      counted.add(q.opId);
      if (applied) unknownApplied += 1;
      else unknownNotApplied += 1;
    }
    const known = new Set([...this.#live.keys(), ...this.#quarantine.keys()]);
    for (const itemId of byId.keys())
      if (!known.has(itemId)) problems.push(`${this.tenantId}/${itemId} is stored but was never acknowledged`);
    const failuresPresent: string[] = [];
    for (const item of stored)
      for (const op of item.ops ?? []) if (this.#failedOps.has(op)) failuresPresent.push(`${op} in ${item.itemId}`);
    for (const item of stored) {
      const ops = item.ops ?? [];
      if (new Set(ops).size !== ops.length)
        problems.push(`${this.tenantId}/${item.itemId} holds a write twice: [${ops.join(',')}]`);
    }
    const lost = [...this.#acked.keys()].filter((k) => !verified.has(k));
    return {
      writesVerified: verified.size,
      lost,
      failuresVerifiedAbsent: failuresPresent.length === 0 ? this.#failedOps.size : 0,
      failuresPresent,
      unknownApplied,
      unknownNotApplied,
      problems,
    };
  }
}

/** Sums worker results. */
export function sumResults(results: readonly VerifyResult[]): VerifyResult {
  return {
    writesVerified: results.reduce((n, r) => n + r.writesVerified, 0),
    lost: results.flatMap((r) => r.lost),
    failuresVerifiedAbsent: results.reduce((n, r) => n + r.failuresVerifiedAbsent, 0),
    failuresPresent: results.flatMap((r) => r.failuresPresent),
    unknownApplied: results.reduce((n, r) => n + r.unknownApplied, 0),
    unknownNotApplied: results.reduce((n, r) => n + r.unknownNotApplied, 0),
    problems: results.flatMap((r) => r.problems),
  };
}

/** Every stored item of the table, by tenant (a direct scan, outside any tenant scope). */
export async function storedByTenant(direct: Repository<TenantItem>): Promise<Map<string, TenantItem[]>> {
  const out = new Map<string, TenantItem[]>();
  for await (const item of direct.scan.consistentRead()) {
    const list = out.get(item.tenantId) ?? [];
    list.push(item);
    out.set(item.tenantId, list);
  }
  return out;
}
