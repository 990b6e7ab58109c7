// The library maintains one attribute per lifecycle role. A second @Version (or @CreatedAt, @UpdatedAt,
// @TimeToLive) used to be accepted and silently left a plain attribute, never checked nor updated.
import 'reflect-metadata';
import test from 'ava';
import { CreatedAt, MetadataError, PartitionKey, Table, TimeToLive, UpdatedAt, Version } from '../../src/index.js';
import { entityMetadata } from '../../src/metadata/compile-entity.js';

@Table('lifecycle')
class TwoVersions {
  @PartitionKey() id!: string;
  @Version() version?: number;
  @Version() rev?: number;
}

@Table('lifecycle')
class TwoCreated {
  @PartitionKey() id!: string;
  @CreatedAt() createdAt?: Date;
  @CreatedAt() created?: Date;
}

@Table('lifecycle')
class TwoUpdated {
  @PartitionKey() id!: string;
  @UpdatedAt() updatedAt?: Date;
  @UpdatedAt({ type: String }) touched?: string;
}

@Table('lifecycle')
class TwoTtls {
  @PartitionKey() id!: string;
  @TimeToLive() expiresAt?: Date;
  @TimeToLive() purgeAt?: number;
}

@Table('lifecycle')
class Base {
  @PartitionKey() id!: string;
  @Version() version?: number;
  @UpdatedAt() updatedAt?: Date;
}

class Derived extends Base {
  @Version() revision?: number;
}

class Redeclared extends Base {
  @UpdatedAt() override updatedAt?: Date = undefined;
}

test('two properties of one lifecycle role are a MetadataError naming both', (t) => {
  for (const [ctor, decorator, first, second] of [
    [TwoVersions, '@Version', 'version', 'rev'],
    [TwoCreated, '@CreatedAt', 'createdAt', 'created'],
    [TwoUpdated, '@UpdatedAt', 'updatedAt', 'touched'],
    [TwoTtls, '@TimeToLive', 'expiresAt', 'purgeAt'],
    [Derived, '@Version', 'version', 'revision'],
  ] as const) {
    const error = t.throws(() => entityMetadata(ctor), { instanceOf: MetadataError }, ctor.name);
    t.is(
      error?.message,
      `${ctor.name}.${second}: ${decorator} is on both ${first} and ${second} (in this class or a base class), but a class has one ${decorator} property: keep it on one of them`,
    );
    t.is(error?.property, second);
  }
});

test('a subclass that redeclares the same lifecycle property has one', (t) => {
  t.is(entityMetadata(Redeclared).updatedAt?.property, 'updatedAt');
  t.is(entityMetadata(Base).version?.property, 'version');
});
