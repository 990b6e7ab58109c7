import type { AddressInfo } from 'node:net';
import test from 'ava';
import express from 'express';
import { Attribute, createTable, PartitionKey, Repository, Table, TenantIsolationError } from '../../src/index.js';
import { expressTenantContext } from '../../src/middleware/express/index.js';
import { testClient, uniqueTableName } from '../support/dynamo.js';

@Table('notes')
@PartitionKey({ attribute: 'pk', template: 'TENANT#{tenantId}#NOTE#{noteId}' })
class Note {
  @Attribute() tenantId!: string;
  @Attribute() noteId!: string;
  @Attribute() text!: string;
}

const client = testClient();
const notes = new Repository(Note, { client, tableName: uniqueTableName('notes') });

test("with the isolation option, a request cannot touch another tenant's keys, even by a bug in a handler", async (t) => {
  await createTable(client, Note, { tableName: notes.tableName });
  await notes.put.withItem(Object.assign(new Note(), { tenantId: 'acme', noteId: 'n1', text: 'acme note' })).execute();
  await notes.put.withItem(Object.assign(new Note(), { tenantId: 'other', noteId: 'n1', text: 'secret' })).execute();

  const app = express();
  app.use(
    '/api/tenants/:tenantId',
    expressTenantContext({ clientFor: () => client, principal: () => ({ tenants: ['acme'] }), isolation: {} }),
    express.Router({ mergeParams: true }).get('/notes/:noteId', async (req, res) => {
      // A buggy handler that takes the tenant from the query string instead of the route.
      const tenantId = typeof req.query.as === 'string' ? req.query.as : undefined;
      const { item } = await notes.get.withKey({ tenantId, noteId: req.params.noteId }).execute();
      res.json(item ?? null);
    }),
  );
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(error instanceof TenantIsolationError ? 403 : 500).json({ error: (error as Error).name });
  });
  const server = app.listen(0);
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/tenants/acme/notes/n1`;
    const own = await fetch(base);
    t.is(((await own.json()) as { text?: string }).text, 'acme note', 'the tenant id is filled in from the scope');
    const leak = await fetch(`${base}?as=other`);
    t.is(leak.status, 403);
    t.deepEqual(await leak.json(), { error: 'TenantIsolationError' });
  } finally {
    server.close();
  }
});
