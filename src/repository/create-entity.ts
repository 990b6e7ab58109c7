import { MappingError } from '../errors/errors.js';
import { closestNames } from '../expressions/name-refusal.js';
import type { DataKeys } from '../expressions/types/data-keys.js';
import { instantiate } from '../mapping/attribute-loop.js';
import { entityToItem } from '../mapping/entity-mapper.js';
import type { EntityMetadata } from '../metadata/compiled-types.js';
import type { EntityClass } from '../metadata/types.js';

/** The properties `Repository.create` takes: any of the entity's data properties, with their types. */
export type EntityInit<T> = { [K in DataKeys<T>]?: T[K] };

/**
 * A new instance of the entity: its constructor runs (field initialisers give defaults), then the given
 * properties are set. A property the entity does not declare, or a value its attribute refuses, is a
 * MappingError, as withItem would say, so a typo never reaches a put.
 */
export function createEntity<T extends object>(entity: EntityClass<T>, metadata: EntityMetadata, values: object): T {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new MappingError(`${metadata.name}: create() takes an object of properties`, metadata.name);
  }
  const declared = Object.keys(metadata.fields);
  const unknown = Object.keys(values).filter((p) => metadata.fields[p] === undefined);
  if (unknown.length > 0) {
    const near = unknown.flatMap((p) => closestNames(p, declared));
    throw new MappingError(
      `${metadata.name} has no propert${unknown.length === 1 ? 'y' : 'ies'} ${unknown.join(', ')}` +
        (near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : ` (its properties: ${declared.join(', ')})`),
      metadata.name,
      unknown[0],
    );
  }
  const instance = Object.assign(instantiate(entity), values);
  entityToItem(metadata, instance); // converts every attribute: a mistyped value is refused here
  return instance;
}
