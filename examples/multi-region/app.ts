import express, { type Express, type Request, type Response, Router } from 'express';
import type { RegionalClients } from '../../src/clients/index.js';
import type { Repository } from '../../src/index.js';
import { type Product, ProductFields, ProductKeys } from './product.js';
import { regionContext } from './region-context.js';
import { isRegion } from './regions.js';

const PRODUCT_ID = /^[A-Za-z0-9_-]{1,64}$/;

function productFrom(productId: string, body: unknown): Partial<Product> | undefined {
  const { name, price, currency } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) return undefined;
  if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) return undefined;
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return undefined;
  return { productId, name, price, currency };
}

/**
 * The multi-region case over HTTP: `/api/regions/:region/...`
 * runs in that region (ambiently, through regionContext), and copying a
 * product to another region names the target's client explicitly with
 * withClient(), which wins over the ambient one.
 */
export function createMultiRegionApp(products: Repository<Product>, regions: RegionalClients): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '16kb' }));

  const regional = Router({ mergeParams: true });

  regional.get('/products/:productId', async (req: Request<{ productId: string }>, res: Response) => {
    const { productId } = req.params;
    const { item } = PRODUCT_ID.test(productId)
      ? await products.get.withKey(ProductFields.productId, ProductKeys.pk(productId)).execute()
      : { item: undefined };
    if (!item) return void res.status(404).json({ error: 'not_found' });
    res.json({ region: res.locals.region, product: item });
  });

  regional.put('/products/:productId', async (req: Request<{ productId: string }>, res: Response) => {
    const product = PRODUCT_ID.test(req.params.productId) ? productFrom(req.params.productId, req.body) : undefined;
    if (!product) return void res.status(400).json({ error: 'invalid_product' });
    const { item } = await products.put.withItem(product as Product).execute();
    res.json({ region: res.locals.region, product: item });
  });

  // Read here, write there: the target region's client is given explicitly.
  regional.post(
    '/products/:productId/copy-to/:target',
    async (req: Request<{ productId: string; target: string }>, res: Response) => {
      const { productId, target } = req.params;
      if (!isRegion(target)) return void res.status(404).json({ error: 'unknown_region', region: target });
      if (!PRODUCT_ID.test(productId)) return void res.status(404).json({ error: 'not_found' });
      const { item } = await products.get.withKey({ productId }).execute();
      if (!item) return void res.status(404).json({ error: 'not_found' });
      const { item: copy } = await products.put.withItem(item).withClient(regions.clientFor(target)).execute();
      res.json({ region: target, product: copy });
    },
  );

  app.use('/api/regions/:region', regionContext(regions), regional);
  return app;
}
