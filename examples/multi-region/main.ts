/**
 * `npm run example:multi-region`: the multi-region case against
 * DynamoDB Local, where each region name is a database of its own. Creates
 * the products table in every region, serves the regional API, tries it,
 * stops. `-- --serve` keeps serving on PORT (default 3000):
 *
 *   curl localhost:3000/api/regions/eu-west-1/products/p1
 */
import { createTable, Repository } from '../../src/index.js';
import { call } from '../local-development/http-call.js';
import { runLocally } from '../local-development/run-locally.js';
import { createMultiRegionApp } from './app.js';
import { Product } from './product.js';
import { localRegionalClients, REGIONS } from './regions.js';

await runLocally('multi-region', async (dynamo, print) => {
  const regions = localRegionalClients(dynamo.endpoint);
  const products = new Repository(Product, regions.clientFor('us-east-1'));
  for (const [i, region] of REGIONS.entries()) {
    print(`Creating the products table in ${region}, with p1 priced for that region`);
    await createTable(regions.clientFor(region), Product);
    const p1 = Object.assign(new Product(), {
      productId: 'p1',
      name: `Widget (${region})`,
      price: 10 + i,
      currency: 'USD',
    });
    await products.put.withItem(p1).withClient(regions.clientFor(region)).execute();
  }
  return {
    listener: createMultiRegionApp(products, regions),
    tour: async (base, print) => {
      print('1. The same product id, one record per region');
      for (const region of REGIONS)
        await call(base, print, 'GET', `/api/regions/${region}/products/p1`, { expect: 200 });
      print('2. A product written in eu-west-1 exists only there');
      const p2 = { name: 'Gadget', price: 25, currency: 'EUR' };
      await call(base, print, 'PUT', '/api/regions/eu-west-1/products/p2', { body: p2, expect: 200 });
      await call(base, print, 'GET', '/api/regions/us-east-1/products/p2', { expect: 404 });
      print('3. Copy it to ap-southeast-1: read in the scope region, write with withClient(target)');
      await call(base, print, 'POST', '/api/regions/eu-west-1/products/p2/copy-to/ap-southeast-1', { expect: 200 });
      await call(base, print, 'GET', '/api/regions/ap-southeast-1/products/p2', { expect: 200 });
      print('4. A region that is not configured');
      await call(base, print, 'GET', '/api/regions/mars-north-1/products/p1', { expect: 404 });
    },
    close: () => regions.destroy(),
  };
});
