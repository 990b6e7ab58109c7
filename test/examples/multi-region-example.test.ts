import test from 'ava';
import { createMultiRegionApp } from '../../examples/multi-region/app.js';
import { Product } from '../../examples/multi-region/product.js';
import { localRegionalClients, REGIONS } from '../../examples/multi-region/regions.js';
import { createTable, Repository } from '../../src/index.js';
import { fetchJson, type Served, serve } from '../middleware/support/http.js';
import { randomAlphanumeric, testEndpoint } from '../support/dynamo.js';

// DynamoDB Local keeps one database per access key id and region: with one
// access key, each region name of the example is a database of its own.
const regions = localRegionalClients(testEndpoint(), `mr${randomAlphanumeric(10)}`);
const products = new Repository(Product, regions.clientFor('us-east-1'));
let served: Served;

test.before(async () => {
  for (const [i, region] of REGIONS.entries()) {
    await createTable(regions.clientFor(region), Product);
    const p1 = Object.assign(new Product(), {
      productId: 'p1',
      name: `Widget ${region}`,
      price: 10 + i,
      currency: 'USD',
    });
    await products.put.withItem(p1).withClient(regions.clientFor(region)).execute();
  }
  served = await serve(createMultiRegionApp(products, regions));
});
test.after.always(async () => {
  await served?.close();
  regions.destroy();
});

/** Where `productId` exists, read with each region's client directly. */
async function regionsHolding(productId: string): Promise<string[]> {
  const found: string[] = [];
  for (const region of REGIONS) {
    const { item } = await products.get.withKey({ productId }).withClient(regions.clientFor(region)).execute();
    if (item) found.push(region);
  }
  return found;
}

test('each region answers from its own database', async (t) => {
  for (const region of REGIONS) {
    const answer = await fetchJson(served.url(`/api/regions/${region}/products/p1`));
    t.is(answer.status, 200);
    t.is(answer.body.region, region);
    t.is(answer.body.product.name, `Widget ${region}`);
  }
});

test('a write in one region lands only there; copy-to writes with withClient(target)', async (t) => {
  const put = await fetchJson(served.url('/api/regions/eu-west-1/products/p2'), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Gadget', price: 25, currency: 'EUR' }),
  });
  t.is(put.status, 200);
  t.deepEqual(await regionsHolding('p2'), ['eu-west-1']);
  t.is((await fetchJson(served.url('/api/regions/us-east-1/products/p2'))).status, 404);

  const copy = await fetchJson(served.url('/api/regions/eu-west-1/products/p2/copy-to/ap-southeast-1'), {
    method: 'POST',
  });
  t.is(copy.status, 200);
  t.deepEqual(await regionsHolding('p2'), ['eu-west-1', 'ap-southeast-1']);
});

test('unknown regions and bad input are refused', async (t) => {
  const unknown = await fetchJson(served.url('/api/regions/mars-north-1/products/p1'));
  t.deepEqual([unknown.status, unknown.body.error], [404, 'unknown_region']);
  const target = await fetchJson(served.url('/api/regions/eu-west-1/products/p1/copy-to/moon-1'), { method: 'POST' });
  t.is(target.status, 404);
  const bad = await fetchJson(served.url('/api/regions/eu-west-1/products/p3'), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'x', price: -1, currency: 'EUR' }),
  });
  t.is(bad.status, 400);
  t.deepEqual(await regionsHolding('p3'), []);
});
