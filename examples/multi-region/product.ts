import 'reflect-metadata';
import { Attribute, fieldsOf, KeyParts, keysOf, PartitionKey, Table, UpdatedAt } from '../../src/index.js';

/** The Product of the multi-region case. */
@Table('products')
export class Product {
  declare readonly [KeyParts]?: { partition: 'productId' };

  @PartitionKey({ attribute: 'pk', prefix: 'PRODUCT' }) // stored as "PRODUCT#<productId>"
  productId!: string;

  @Attribute() name!: string;
  @Attribute() price!: number;
  @Attribute() currency!: string;
  @UpdatedAt() updatedAt?: Date;
}

export const ProductFields = fieldsOf(Product);
export const ProductKeys = keysOf(Product);
