import 'reflect-metadata';
import { Attribute, PartitionKey, Table } from '../../../src/index.js';

/** A second entity for forFeature([User, Order]). */
@Table('orders')
export class Order {
  @PartitionKey({ attribute: 'pk', prefix: 'ORDER' })
  orderId!: string;

  @Attribute() total!: number;
}

/** No partition key: a MetadataError when its repository is made. */
@Table('broken')
export class Broken {
  @Attribute() name!: string;
}
