// Signed and encrypted pagination cursors against DynamoDB Local, and the attacks they must withstand: an API
// client holds the cursor of its page and sends it back, altered.
//
// - Paging a query, an index query and a scan to the end with signed and with encrypted cursors reads every item
//   exactly once.
// - Generated tampering (a character changed, cut, extended) of signed and encrypted cursors: InvalidCursorError,
//   nothing sent.
// - A cursor moved to another key of the client's own partition (the payload of a signed cursor edited, then kept
//   with its old signature, signed with a guessed secret, checksummed as an unkeyed cursor, or encrypted with
//   another secret): refused. (The same move on unkeyed cursors is accepted: that is what signing is for.)
// - Cursors of another table (same secret), index or partition; cursors of the wrong mode: refused.
// - Encrypted cursors hold no attribute name, key value or table name, in their text or their decoded bytes.
import 'reflect-metadata';
import { BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import fc from 'fast-check';
import { decodeCursor, encodeCursor } from '../../src/builders/read/cursor.js';
import { type CursorOptions, cursorSettings } from '../../src/builders/read/cursor-options.js';
import {
  Attribute,
  createTable,
  fieldsOf,
  Index,
  InvalidCursorError,
  keysOf,
  PartitionKey,
  Repository,
  SortKey,
  Table,
} from '../../src/index.js';
import { entityToItem } from '../../src/mapping/entity-mapper.js';
import { entityMetadata } from '../../src/metadata/compile-entity.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';
import { figuresFor } from './support/figures.js';
import { sized } from './support/profile.js';

const figures = figuresFor(test, 'cursor-boundary');
fc.configureGlobal({ includeErrorInReport: true });
const RUNS = sized('RELIABILITY_FC_RUNS', 150, 50);

@Table('cursor_documents')
class Document {
  @PartitionKey({ attribute: 'ownerAccount', prefix: 'ACCOUNT' }) account!: string;
  @SortKey({ attribute: 'documentPath', prefix: 'DOC' }) path!: string;
  @Attribute() @Index('ByFolder', { role: 'partition' }) folderName!: string;
  @Attribute() title!: string;
}

const F = fieldsOf(Document);
const K = keysOf(Document);
const ACCOUNTS = ['acme-corp', 'globex'];
const PER_ACCOUNT = 45;
const SECRET = 'the-application-cursor-secret-0001';
const GUESSED = 'a-secret-the-attacker-guessed-0002';

/** Requests that reached DynamoDB Local through this client. */
let sent = 0;
const client: DynamoDBClient = testClient();
client.middlewareStack.add(
  (next) => (args) => {
    sent += 1;
    return next(args);
  },
  { step: 'initialize', name: 'countRequests' },
);

const TABLE = uniqueTableName('cursor-docs');
const OTHER_TABLE = uniqueTableName('cursor-docs-other');
const repo = (cursors: CursorOptions | undefined, tableName = TABLE) =>
  new Repository(Document, { client, tableName, ...(cursors ? { cursors } : {}) });
const unkeyed = repo(undefined);
const signed = repo({ secret: SECRET, mode: 'signed' });
const encrypted = repo({ secret: SECRET, mode: 'encrypted' });
const MODES = [
  ['signed', signed],
  ['encrypted', encrypted],
] as const;

const docPath = (n: number) => `invoice-${String(n).padStart(4, '0')}`;
const inAccount = (r: Repository<Document>, account: string) =>
  r.query.where(`${F.account} = {0}`, K.pk(account)).pageSize(7);

test.before(async () => {
  for (const tableName of [TABLE, OTHER_TABLE]) {
    await createTable(client, Document, { tableName });
    const meta = entityMetadata(Document);
    const items = ACCOUNTS.flatMap((account) =>
      Array.from({ length: PER_ACCOUNT }, (_, n) =>
        Object.assign(new Document(), {
          account,
          path: docPath(n),
          folderName: `${account}/folder-${n % 3}`,
          title: `Invoice ${n}`,
        }),
      ),
    );
    for (let i = 0; i < items.length; i += 25) {
      const chunk = items.slice(i, i + 25).map((d) => ({ PutRequest: { Item: entityToItem(meta, d) } }));
      await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: chunk } }));
    }
  }
});

/** An attempt that must be refused with InvalidCursorError before anything is sent. */
async function refused(attempt: () => Promise<unknown>, what: string): Promise<InvalidCursorError> {
  const before = sent;
  figures.operations += 1;
  const error = await attempt().then(
    () => new Error(`${what}: accepted`),
    (e: unknown) => e,
  );
  if (sent !== before) throw new Error(`${what}: ${sent - before} request(s) sent`);
  if (!(error instanceof InvalidCursorError)) throw new Error(`${what}: ${String(error)}`);
  figures.isolationAttacks += 1;
  return error;
}

/** Every page of a read through HTTP-style cursors: each page starts from the previous page's cursor string. */
async function pageThrough<R>(
  first: () => { startAt(c: string | undefined): { execute(): Promise<{ items: R[]; cursor?: string }> } },
) {
  const items: R[] = [];
  const cursors: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await first().startAt(cursor).execute();
    figures.operations += 1;
    items.push(...page.items);
    cursor = page.cursor;
    if (cursor) cursors.push(cursor);
  } while (cursor);
  return { items, cursors };
}

test('paging a query, an index query and a scan with signed and with encrypted cursors reads every item exactly once', async (t) => {
  for (const [mode, r] of MODES) {
    const query = await pageThrough(() => inAccount(r, 'acme-corp'));
    t.deepEqual(
      query.items.map((d) => d.path),
      Array.from({ length: PER_ACCOUNT }, (_, n) => docPath(n)),
      mode,
    );
    t.is(query.cursors.length, Math.floor(PER_ACCOUNT / 7), `${mode}: one cursor per full page`);
    t.true(query.cursors.every((c) => c.startsWith(mode === 'signed' ? 's1.' : 'e1.')));

    const folder = await pageThrough(() =>
      r.query.withIndex('ByFolder').where(`${F.folderName} = {0}`, 'globex/folder-1').pageSize(4),
    );
    t.deepEqual(
      folder.items.map((d) => d.path).sort(),
      Array.from({ length: PER_ACCOUNT }, (_, n) => n)
        .filter((n) => n % 3 === 1)
        .map(docPath),
      `${mode} index query`,
    );

    const scan = await pageThrough(() => r.scan.pageSize(11));
    const seen = scan.items.map((d) => `${d.account}/${d.path}`);
    t.is(new Set(seen).size, seen.length, `${mode} scan: no item twice`);
    t.is(seen.length, ACCOUNTS.length * PER_ACCOUNT, `${mode} scan: every item`);
  }
});

test('encrypted cursors hold no attribute name, key value or table name; signed ones are readable', async (t) => {
  const { cursors } = await pageThrough(() => inAccount(encrypted, 'acme-corp'));
  const { cursors: folderCursors } = await pageThrough(() =>
    encrypted.query.withIndex('ByFolder').where(`${F.folderName} = {0}`, 'acme-corp/folder-2').pageSize(4),
  );
  const revealing = ['ownerAccount', 'documentPath', 'folderName', 'ACCOUNT', 'acme', 'invoice', 'DOC#', 'ByFolder'];
  revealing.push(TABLE);
  for (const cursor of [...cursors, ...folderCursors]) {
    const decoded = Buffer.from(cursor.slice(3), 'base64url');
    for (const text of [cursor, decoded.toString('latin1'), decoded.toString('utf8')]) {
      for (const word of revealing) t.false(text.includes(word), `${word} in ${cursor}`);
    }
  }
  t.true(new Set(cursors.map((c) => c.length)).size <= 2, 'padded: cursor lengths tell next to nothing');
  const [signedCursor] = (await pageThrough(() => inAccount(signed, 'acme-corp'))).cursors;
  const payload = Buffer.from(signedCursor?.split('.')[1] ?? '', 'base64url').toString();
  t.true(payload.includes('ownerAccount') && payload.includes('ACCOUNT#acme-corp'), 'signed cursors are readable');
});

test('tampered signed and encrypted cursors are refused before anything is sent', async (t) => {
  for (const [mode, r] of MODES) {
    const { cursor } = await inAccount(r, 'acme-corp').execute();
    if (!cursor) return t.fail('expected a cursor');
    const tampered = fc
      .oneof(
        fc
          .tuple(fc.nat(cursor.length - 1), fc.constantFrom(...'AQgw09-_.aZ'))
          .map(([i, c]) => cursor.slice(0, i) + c + cursor.slice(i + 1)),
        fc.nat(cursor.length - 1).map((n) => cursor.slice(0, n)),
        fc.string({ minLength: 1, maxLength: 4 }).map((s) => cursor + s),
        fc.nat(cursor.length - 1).map((i) => cursor.slice(0, i) + cursor.slice(i + 1)),
      )
      .filter((c) => c !== cursor);
    await fc.assert(
      fc.asyncProperty(tampered, async (bad) => {
        await refused(() => inAccount(r, 'acme-corp').startAt(bad).execute(), `${mode} ${bad}`);
      }),
      { numRuns: RUNS },
    );
  }
  t.pass();
});

test('a cursor moved to another key of its own partition is refused unless the application made it', async (t) => {
  const { cursor } = await inAccount(signed, 'acme-corp').execute();
  if (!cursor) return t.fail('expected a cursor');
  const [, payload, mac] = cursor.split('.');
  const body = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
  t.deepEqual(body.k.documentPath, ['S', `DOC#${docPath(6)}`], 'the first page ends at the seventh document');
  // Skip ahead to the end of the partition: the same partition, a position the application never handed out.
  body.k.documentPath = ['S', `DOC#${docPath(40)}`];
  const moved = { ownerAccount: { S: 'ACCOUNT#acme-corp' }, documentPath: { S: `DOC#${docPath(40)}` } };
  const movedPayload = Buffer.from(JSON.stringify(body)).toString('base64url');
  const forgeries = {
    'old signature': `s1.${movedPayload}.${mac}`,
    'signed with a guessed secret': encodeCursor(
      moved,
      TABLE,
      undefined,
      cursorSettings({ secret: GUESSED, mode: 'signed' }),
    ),
    'unkeyed with a valid checksum': encodeCursor(moved, TABLE, undefined),
    'encrypted with a guessed secret': encodeCursor(moved, TABLE, undefined, cursorSettings({ secret: GUESSED })),
    'another valid signature pasted': `s1.${movedPayload}.${(await inAccount(signed, 'globex').execute()).cursor?.split('.')[2]}`,
  };
  for (const [what, forged] of Object.entries(forgeries)) {
    await refused(() => inAccount(signed, 'acme-corp').startAt(forged).execute(), what);
  }
  const encryptedForgeries = {
    'signed with the right secret (wrong mode)': encodeCursor(
      moved,
      TABLE,
      undefined,
      cursorSettings({ secret: SECRET, mode: 'signed' }),
    ),
    'encrypted with a guessed secret': encodeCursor(moved, TABLE, undefined, cursorSettings({ secret: GUESSED })),
    'unkeyed with a valid checksum': encodeCursor(moved, TABLE, undefined),
  };
  for (const [what, forged] of Object.entries(encryptedForgeries)) {
    await refused(() => inAccount(encrypted, 'acme-corp').startAt(forged).execute(), what);
  }
  // What signing prevents: unkeyed cursors can be moved within the partition the query names.
  const skipped = await inAccount(unkeyed, 'acme-corp')
    .startAt(encodeCursor(moved, TABLE, undefined))
    .execute();
  t.deepEqual(
    skipped.items.map((d) => d.path),
    [41, 42, 43, 44].map(docPath),
  );
});

test('cursors of another table (same secret), index or partition, and cursors of the wrong mode are refused', async (t) => {
  for (const [mode, r] of MODES) {
    const sameSecretElsewhere = repo({ secret: SECRET, mode }, OTHER_TABLE);
    const { cursor: otherTable } = await inAccount(sameSecretElsewhere, 'acme-corp').execute();
    const { cursor: otherPartition } = await inAccount(r, 'globex').execute();
    const { cursor: ofIndex } = await r.query
      .withIndex('ByFolder')
      .where(`${F.folderName} = {0}`, 'acme-corp/folder-0')
      .pageSize(3)
      .execute();
    const settings = cursorSettings({ secret: SECRET, mode });
    const ofScan = (await pageThrough(() => r.scan.pageSize(3))).cursors.find(
      (c) => decodeCursor(c, TABLE, undefined, settings).ownerAccount?.S === 'ACCOUNT#globex',
    );
    const { cursor: ofUnkeyed } = await inAccount(unkeyed, 'acme-corp').execute();
    const otherMode = mode === 'signed' ? encrypted : signed;
    const { cursor: ofOtherMode } = await inAccount(otherMode, 'acme-corp').execute();
    const attempts = {
      'another table': otherTable,
      'another partition': otherPartition,
      'an index': ofIndex,
      'a scan position in another partition': ofScan,
      'an unkeyed cursor': ofUnkeyed,
      'the other mode': ofOtherMode,
    };
    for (const [what, cursor] of Object.entries(attempts)) {
      if (!cursor) return t.fail(`${what}: expected a cursor`);
      const error = await refused(() => inAccount(r, 'acme-corp').startAt(cursor).execute(), `${mode}: ${what}`);
      if (what === 'another table' && mode === 'encrypted') {
        t.false(error.message.includes(OTHER_TABLE), 'an encrypted cursor does not tell its table');
      }
    }
    // A keyed cursor given to a table without a secret.
    const { cursor: keyed } = await inAccount(r, 'acme-corp').execute();
    const error = await refused(() => inAccount(unkeyed, 'acme-corp').startAt(keyed).execute(), `${mode} on unkeyed`);
    t.regex(error.message, new RegExp(`it is ${mode}, and no cursor secret is configured for this table`));
  }
});

test('rotation: cursors issued before a new secret keep working until the old one is dropped', async (t) => {
  const GENERATIONS = ['generation-one-secret-0123456789ab', 'generation-two-secret-0123456789ab'] as const;
  const [one, two] = GENERATIONS;
  for (const mode of ['signed', 'encrypted'] as const) {
    const before = repo({ secret: one, mode });
    const rotating = repo({ secret: [two, one], mode });
    const after = repo({ secret: two, mode });
    const { cursor: old } = await inAccount(before, 'globex').execute();
    const resumed = await inAccount(rotating, 'globex').startAt(old).execute();
    t.is(resumed.items[0]?.path, docPath(7), `${mode}: an old cursor resumes during the rotation`);
    t.is((await inAccount(after, 'globex').startAt(resumed.cursor).execute()).items[0]?.path, docPath(14));
    await refused(() => inAccount(after, 'globex').startAt(old).execute(), `${mode}: old secret dropped`);
    t.throws(() => decodeCursor(old ?? '', TABLE, undefined, cursorSettings({ secret: two, mode })), {
      instanceOf: InvalidCursorError,
    });
  }
});
