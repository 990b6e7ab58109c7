/**
 * Compile-time checks of the names in literal templates on a typed
 * repository: the first segment of every path is a data property of the
 * entity; below an object-typed property, each segment is one of its
 * properties; backticked names are checked like plain ones. Each
 * `@ts-expect-error` fails the build if its line stops being an error.
 */
import test from 'ava';
import { acceptedAtRunTime, batch, key, namesIn, newProfile, profiles, transaction, users } from './support.js';

const update = profiles.update.withKey(key);
const put = profiles.put.withItem(newProfile());

/**
 * Calls that must not compile: each line under a @ts-expect-error fails the build if it stops being an error.
 * They are never run (the run time refuses them too, by its own checks).
 */
const refusedNames: ReadonlyArray<() => unknown> = [
  // @ts-expect-error a misspelt property in SET
  () => update.set('SET stauts = {0}', 'active'),
  // @ts-expect-error a misspelt property without the SET keyword
  () => update.set('stauts = {0}', 'active'),
  // @ts-expect-error REMOVE
  () => update.set('SET name = {0} REMOVE tmp', 'x'),
  // @ts-expect-error ADD
  () => update.set('ADD scroe {0}', 1),
  // @ts-expect-error DELETE
  () => update.set('DELETE tgas {0}', new Set(['a'])),
  // @ts-expect-error a path on the right of arithmetic
  () => update.set('SET score = scroe + {0}', 1),
  // @ts-expect-error the path of if_not_exists
  () => update.set('SET score = if_not_exists(scroe, {0})', 1),
  // @ts-expect-error the path of list_append
  () => update.set('SET notes = list_append(ntoes, {0})', ['a']),
  // @ts-expect-error a method is not a data property
  () => update.set('SET greet = {0}', 'x'),
  // @ts-expect-error a nested class: Place has no ctiy
  () => update.set('SET place.ctiy = {0}', 'Oslo'),
  // @ts-expect-error two levels down: Geo has no latt
  () => update.set('SET place.geo.latt = {0}', 1),
  // @ts-expect-error a plain object type, two levels down
  () => update.set('SET prefs.font.sise = {0}', 1),
  // @ts-expect-error an element of a list of classes
  () => update.set('SET visits[0].ctiy = {0}', 'Oslo'),
  // @ts-expect-error a backticked name is checked like a plain one
  () => update.set('SET `stauts` = {0}', 'active'),
  // @ts-expect-error a backticked segment of a nested path
  () => update.set('SET place.`ctiy` = {0}', 'Oslo'),
  // @ts-expect-error the second action of a SET clause
  () => update.set('SET name = {0}, stauts = {1}', 'x', 'active'),

  // @ts-expect-error a comparison in a condition
  () => put.where('stauts = {0}', 'active'),
  // @ts-expect-error the right side of a comparison
  () => put.where('score > scroe'),
  // @ts-expect-error attribute_exists
  () => put.where('attribute_exists(nmae)'),
  // @ts-expect-error attribute_not_exists under NOT
  () => put.where('NOT attribute_not_exists(nmae)'),
  // @ts-expect-error begins_with
  () => put.where('begins_with(nmae, {0})', 'A'),
  // @ts-expect-error contains
  () => put.where('contains(tgas, {0})', 'a'),
  // @ts-expect-error attribute_type
  () => put.where('attribute_type(scroe, {0})', 'N'),
  // @ts-expect-error size()
  () => put.where('size(tgas) > {0}', 1),
  // @ts-expect-error a BETWEEN bound that is a path
  () => put.where('score BETWEEN {0} AND scroe', 1),
  // @ts-expect-error a path in an IN list
  () => put.where('status IN ({0}, stauts)', 'active'),
  // @ts-expect-error inside parentheses, after OR
  () => put.where('(name = {0}) OR (stauts = {1})', 'x', 'active'),
  // @ts-expect-error after a lower-case connector (keywords are case-insensitive)
  () => put.where('name = {0} or stauts = {1}', 'x', 'active'),
  // @ts-expect-error after a comparison of two paths
  () => put.where('score > rev AND stauts = {0}', 'active'),
  // @ts-expect-error a nested path in a condition
  () => put.where('place.geo.lng > {0} AND place.ctiy = {1}', 1, 'Oslo'),

  // @ts-expect-error the stored name of a key is not a property: name keys by property
  () => users.query.where('pk = {0}', 'USER#u1'),
  // @ts-expect-error a key condition's sort key part
  () => profiles.query.where('profileId = {0} AND revv > {1}', 'p1', 1),
  // @ts-expect-error a filter of a query
  () => profiles.query.where('profileId = {0}', 'p1').withFilter('stauts = {0}', 'active'),
  // @ts-expect-error a filter of a scan
  () => profiles.scan.withFilter('attribute_exists(nmae)'),
  // @ts-expect-error a delete's condition
  () => profiles.delete.withKey(key).where('attribute_exists(pk)'),
  // @ts-expect-error an update's condition
  () => update.set('SET active = {0}', true).where('stauts = {0}', 'active'),
  // @ts-expect-error a condition check of a transaction
  () => transaction().conditionCheck(profiles, (b) => b.withKey(key).where('attribute_exists(pk)')),
  // @ts-expect-error a put's condition in a transaction
  () => transaction().put(profiles, (b) => b.withItem(newProfile()).where('attribute_not_exists(pk)')),
  // @ts-expect-error a put's condition in a batch write is checked too
  () => batch().put(profiles, (b) => b.withItem(newProfile()).where('attribute_not_exists(pk)')),
];

test('property names, nested paths, list indexes and backticked names build requests', (t) => {
  const set = update
    .set(
      'SET place.city = {0}, place.geo.lat = {1}, visits[0].city = {2}, prefs.font.size = {3}, `name` = {4} REMOVE notes[1]',
      'Oslo',
      59.9,
      'Bergen',
      12,
      'Ada',
    )
    .toInput();
  t.deepEqual(namesIn(set), ['city', 'font', 'geo', 'lat', 'name', 'notes', 'place', 'prefs', 'size', 'visits']);

  const where = put
    .where('attribute_not_exists(profileId) AND `status` <> {0} AND lookup.anything = {1}', 'inactive', 1)
    .toInput();
  t.deepEqual(namesIn(where), ['anything', 'lookup', 'profileId', 'status']);

  // Below Map, Set, Date, unknown or a record, the types say nothing: any key is accepted.
  const open = profiles.scan.withFilter('extra.any.thing = {0} OR pair[0] = {1} OR pair[1] > {2}', 1, 'a', 2).toInput();
  t.deepEqual(namesIn(open), ['any', 'extra', 'pair', 'thing']);

  const keys = profiles.query.where('profileId = {0} AND rev > {1}', 'p1', 3).toInput();
  t.deepEqual(namesIn(keys), ['profileId', 'rev']);
});

// The run time checks names and converts values by the attribute's converter; these calls are for the compiler.
test('every compile-time refusal is listed', (t) => {
  t.is(refusedNames.length, 39);
  // And the run time refuses each of them too, before sending, except what only the compiler can know:
  // a plain object type's properties are TypeScript's only, and a stored key name is accepted at run time.
  t.deepEqual(acceptedAtRunTime(refusedNames), [11, 30]);
});
