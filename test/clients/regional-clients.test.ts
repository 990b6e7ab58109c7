// RegionalClients: the multi-region case, one lazy client per region on one pool.
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import test from 'ava';
import { ConfigurationError, RegionalClients, SharedHttpHandler } from '../../src/clients/index.js';
import { testEndpoint } from '../support/dynamo.js';

/** A config value the SDK keeps as a value or a provider. */
const resolved = async (value: string | (() => Promise<string>)): Promise<string> =>
  typeof value === 'function' ? value() : value;

const LOCAL = { accessKeyId: 'regionstest', secretAccessKey: 'local' };

test('one client per region, created on first use, all on one pool', async (t) => {
  const regions = new RegionalClients({ retryMode: 'adaptive', maxSockets: 32 });
  t.teardown(() => regions.destroy());
  t.deepEqual(regions.regions, []);
  const us = regions.clientFor('us-east-1');
  const eu = regions.clientFor('eu-west-1');
  t.is(regions.clientFor('us-east-1'), us);
  t.not(us, eu);
  t.deepEqual(regions.regions, ['us-east-1', 'eu-west-1']);
  t.is(await eu.config.region(), 'eu-west-1');
  t.is(await resolved(eu.config.retryMode), 'adaptive');
  t.is(us.config.requestHandler, regions.httpHandler);
  t.is(eu.config.requestHandler, regions.httpHandler);
  t.is(regions.poolOptions.maxSockets, 32);
});

test('endpoints per region reach DynamoDB Local; destroying one client keeps the others working', async (t) => {
  const regions = new RegionalClients({
    endpoints: { 'us-east-1': testEndpoint(), 'eu-west-1': testEndpoint() },
    credentials: LOCAL,
  });
  t.teardown(() => regions.destroy());
  await regions.clientFor('us-east-1').send(new ListTablesCommand({}));
  regions.clientFor('us-east-1').destroy();
  await t.notThrowsAsync(regions.clientFor('eu-west-1').send(new ListTablesCommand({})));
});

test('only well-formed, allowed regions', (t) => {
  const regions = new RegionalClients({ allowedRegions: ['us-east-1', 'eu-west-1'] });
  t.teardown(() => regions.destroy());
  t.throws(() => regions.clientFor('ap-southeast-1'), { instanceOf: ConfigurationError, message: /allowedRegions/ });
  t.throws(() => regions.clientFor('eu-west-1.attacker.example'), { instanceOf: ConfigurationError });
  t.throws(() => regions.clientFor(''), { instanceOf: ConfigurationError });
  t.throws(() => new RegionalClients({ allowedRegions: ['Not A Region'] }), { instanceOf: ConfigurationError });
  t.throws(() => new RegionalClients({ httpHandler: new SharedHttpHandler(), maxSockets: 3 }), {
    instanceOf: ConfigurationError,
  });
});

test('destroy() closes its own pool once and refuses new regions; a given pool stays open', (t) => {
  const own = new RegionalClients();
  own.clientFor('us-east-1');
  own.destroy();
  own.destroy();
  t.true(own.httpHandler.closed);
  t.throws(() => own.clientFor('eu-west-1'), { instanceOf: ConfigurationError });

  const pool = new SharedHttpHandler();
  const borrowed = new RegionalClients({ httpHandler: pool });
  borrowed.clientFor('us-east-1');
  borrowed.destroy();
  t.false(pool.closed);
  pool.close();
});
