import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { AttributeMap } from '../mapping/types.js';
import type { StreamAttributeValue, StreamImage } from './lambda-event.js';

/** A plain Uint8Array view (as the SDK reads binary values), not a Buffer. */
function bytes(value: string | Uint8Array): Uint8Array {
  if (typeof value !== 'string') return value;
  const decoded = Buffer.from(value, 'base64');
  return new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
}

function hasText(value: StreamAttributeValue): boolean {
  if (typeof value.B === 'string') return true;
  if (value.BS?.some((b) => typeof b === 'string')) return true;
  if (value.M) return imageHasText(value.M);
  return value.L?.some(hasText) === true;
}

function imageHasText(image: StreamImage): boolean {
  for (const key in image) if (hasText(image[key] as StreamAttributeValue)) return true;
  return false;
}

function decode(value: StreamAttributeValue): AttributeValue {
  if (value.B !== undefined) return { B: bytes(value.B) };
  if (value.BS) return { BS: value.BS.map(bytes) };
  if (value.M) return { M: decodeImage(value.M) };
  if (value.L) return { L: value.L.map(decode) };
  return value as AttributeValue;
}

function decodeImage(image: StreamImage): AttributeMap {
  const out: AttributeMap = {};
  for (const key in image) out[key] = decode(image[key] as StreamAttributeValue);
  return out;
}

/**
 * The SDK's form of a stream image: Lambda delivers binary values as base64 text, the mapping reads
 * `Uint8Array`s. An image without binary text (the usual case) is returned as it is, not copied.
 */
export function sdkImage(image: StreamImage): AttributeMap {
  return imageHasText(image) ? decodeImage(image) : (image as AttributeMap);
}

/** The Lambda form of an SDK image: binary values as base64 text, as Lambda delivers them. */
export function lambdaImage(image: AttributeMap): StreamImage {
  const out: StreamImage = {};
  for (const key in image) out[key] = encode(image[key] as AttributeValue);
  return out;
}

function text(value: Uint8Array): string {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
}

function encode(value: AttributeValue): StreamAttributeValue {
  if (value.B !== undefined) return { B: text(value.B) };
  if (value.BS) return { BS: value.BS.map(text) };
  if (value.M) return { M: lambdaImage(value.M) };
  if (value.L) return { L: value.L.map(encode) };
  return value as StreamAttributeValue;
}
