import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** An item, a key or an image as DynamoDB sends and returns it: attribute name -> stored value. */
export type AttributeMap = Record<string, AttributeValue>;

/** A user-supplied conversion of one attribute. */
export interface AttributeConverter<V = unknown> {
  /** Returns the stored form; `undefined` leaves the attribute out of the item. */
  toDynamo(value: V): AttributeValue | undefined;
  /** Returns the property value of a stored attribute; what it throws becomes a MappingError naming the property. */
  fromDynamo(value: AttributeValue): V;
}

/** How a Date is stored. */
export type DateFormat = 'iso' | 'epochSeconds' | 'epochMillis';
