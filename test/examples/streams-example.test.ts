// examples/streams: the audit log kept from the billing table's stream, run against DynamoDB Local's real stream
// (followStream) and a local STS. Each tenant's STS session is a database of its own in DynamoDB Local and only the
// tenants' databases have the audit table: an entry written with any other client than its tenant's would fail.
import test from 'ava';
import { AuditEntry, Customer, Invoice } from '../../examples/streams/entities.js';
import { createAuditHandler } from '../../examples/streams/handler.js';
import { keysOf, Repository, StsTenantClientProvider, type TenantPrincipal } from '../../src/index.js';
import { createTable } from '../../src/tables/table-admin.js';
import { followStream, startLocalSts } from '../../src/testing/index.js';
import { eventually } from '../streams/support.js';
import { testClient, testEndpoint, uniqueTableName } from '../support/dynamo.js';

const AuditKeys = keysOf(AuditEntry);

test("every change of the billing table lands in its tenant's audit log, written with the tenant's client", async (t) => {
  const sts = await startLocalSts({ clock: { frozen: true } });
  const tenants = new StsTenantClientProvider<TenantPrincipal>({
    roleArn: (tenantId) => `arn:aws:iam::123456789012:role/TenantRole-${tenantId}`,
    sts: sts.clientConfig('app'),
    dynamo: { endpoint: testEndpoint(), region: process.env.DYNAMODB_REGION ?? 'us-east-1' },
    clock: () => sts.clock.now(),
    pruneIntervalSeconds: 0,
    isolation: {},
  });
  const client = testClient();
  t.teardown(async () => {
    await tenants.close();
    await sts.stop();
    client.destroy();
  });
  const billingTable = uniqueTableName('billing');
  const auditTable = uniqueTableName('audit-log');
  await createTable(client, [Invoice, Customer], { tableName: billingTable, stream: 'NEW_AND_OLD_IMAGES' });
  for (const id of ['acme', 'globex'])
    await createTable(await tenants.clientFor(id), AuditEntry, { tableName: auditTable });
  const auditLog = new Repository(AuditEntry, { client, tableName: auditTable });
  const following = await followStream(client, billingTable, createAuditHandler({ auditLog, tenants, billingTable }));
  t.teardown(() => following.stop());

  const invoices = new Repository(Invoice, { client, tableName: billingTable });
  const customers = new Repository(Customer, { client, tableName: billingTable });
  const invoice = (tenantId: string, invoiceId: string) =>
    Object.assign(new Invoice(), {
      tenantId,
      invoiceId,
      customerId: 'c1',
      amountCents: 12_000,
      status: 'draft' as const,
    });
  await customers.put
    .withItem(Object.assign(new Customer(), { tenantId: 'acme', customerId: 'c1', name: 'Ada' }))
    .execute();
  await invoices.put.withItem(invoice('acme', 'i1')).execute();
  await invoices.put.withItem(invoice('globex', 'i9')).execute();
  await invoices.update.withKey({ tenantId: 'acme', invoiceId: 'i1' }).set('SET status = {0}', 'sent').execute();
  await invoices.delete.withKey({ tenantId: 'globex', invoiceId: 'i9' }).execute();
  await eventually(() => following.error !== undefined || following.delivered >= 5, 'five delivered changes');
  t.is(following.error, undefined);
  t.deepEqual(following.failures, []);

  const logOf = (tenantId: string) =>
    tenants.run(tenantId, undefined, async () =>
      (await auditLog.query.where(`${AuditKeys.pk.attribute} = {0}`, { tenantId }).execute()).items.map((e) => [
        e.action,
        e.entityType,
        e.entityId,
        e.changed,
      ]),
    );
  const created = ['amountCents', 'customerId', 'invoiceId', 'status', 'tenantId'];
  t.deepEqual(await logOf('acme'), [
    ['INSERT', 'Customer', 'c1', ['customerId', 'name', 'tenantId']],
    ['INSERT', 'Invoice', 'i1', created],
    ['MODIFY', 'Invoice', 'i1', ['status']],
  ]);
  t.deepEqual(await logOf('globex'), [
    ['INSERT', 'Invoice', 'i9', created],
    ['REMOVE', 'Invoice', 'i9', created],
  ]);
});
