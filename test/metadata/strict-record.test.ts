import 'reflect-metadata';
import { inspect } from 'node:util';
import test from 'ava';
import { Attribute, fieldsOf, Index, indexesOf, keysOf, MetadataError, PartitionKey, Table } from '../../src/index.js';

@Table('projects')
class Project {
  @PartitionKey({ attribute: 'pk', prefix: 'PROJECT' }) projectId!: string;
  @Attribute() @Index('ByOwner', { role: 'partition' }) owner!: string;
  @Attribute({ name: 'project-name' }) name!: string;
}

test('the strict helpers print, inspect, spread and serialise like plain records', (t) => {
  const fields = fieldsOf(Project);
  t.notThrows(() => inspect(fields));
  t.regex(inspect(fields), /projectId: 'pk'/);
  t.regex(inspect(indexesOf(Project)), /ByOwner/);
  t.notThrows(() => inspect(keysOf(Project)));
  t.deepEqual({ ...fields }, { projectId: 'pk', owner: 'owner', name: '`project-name`' });
  t.deepEqual(JSON.parse(JSON.stringify(fields)), { projectId: 'pk', owner: 'owner', name: '`project-name`' });
  t.deepEqual(Object.keys(fields), ['projectId', 'owner', 'name']);
  t.deepEqual(structuredClone(fields), { projectId: 'pk', owner: 'owner', name: '`project-name`' });
  t.is(String(fields), '[object Object]');
});

test('a misspelt field accessed by code still throws', (t) => {
  const fields = fieldsOf(Project) as Record<string, string>;
  t.throws(() => fields.ownr, { instanceOf: MetadataError, message: /fieldsOf\(Project\) has no 'ownr'/ });
  t.throws(() => (indexesOf(Project) as Record<string, unknown>).ByOwnr, { instanceOf: MetadataError });
});
