/**
 * Compile-time checks of the values of update expressions: `SET a = {0}`,
 * `ADD`, `DELETE` and `if_not_exists(a, {0})` take a's type; arithmetic takes
 * numbers; list_append takes a list of the list's elements.
 */
import test from 'ava';
import { Place } from './entities.js';
import { acceptedAtRunTime, key, namesIn, profiles } from './support.js';

const update = profiles.update.withKey(key);

/**
 * Calls that must not compile: each line under a @ts-expect-error fails the build if it stops being an error.
 * They are never run (the run time refuses them too, by its own checks).
 */
const refusedUpdateValues: ReadonlyArray<() => unknown> = [
  // @ts-expect-error SET takes the property's type
  () => update.set('SET name = {0}', 42),
  // @ts-expect-error without the SET keyword
  () => update.set('name = {0}', 42),
  // @ts-expect-error a literal union property
  () => update.set('SET status = {0}', 'deleted'),
  // @ts-expect-error a boolean property
  () => update.set('SET active = {0}', 'yes'),
  // @ts-expect-error a Date property
  () => update.set('SET seen = {0}', false),
  // @ts-expect-error a nested class, whole
  () => update.set('SET place = {0}', { city: 1 }),
  // @ts-expect-error a nested class's property
  () => update.set('SET place.city = {0}', 1),
  // @ts-expect-error the second action
  () => update.set('SET name = {0}, score = {1}', 'x', 'y'),
  // @ts-expect-error an action of a later SET clause (after REMOVE)
  () => update.set('REMOVE notes SET score = {0}', 'y'),
  // @ts-expect-error path + {n} takes a number
  () => update.set('SET score = score + {0}', '1'),
  // @ts-expect-error {n} - path takes a number
  () => update.set('SET score = {0} - score', '1'),
  // @ts-expect-error inside parentheses
  () => update.set('SET score = (score + {0})', '1'),
  // @ts-expect-error if_not_exists(a, {n}) takes a's type
  () => update.set('SET score = if_not_exists(score, {0})', '0'),
  // @ts-expect-error if_not_exists in arithmetic
  () => update.set('SET score = if_not_exists(score, {0}) + {1}', 0, '1'),
  // @ts-expect-error list_append(a, {n}) takes a list of a's elements
  () => update.set('SET notes = list_append(notes, {0})', 'a'),
  // @ts-expect-error list_append({n}, a) as well
  () => update.set('SET notes = list_append({0}, notes)', [1]),
  // @ts-expect-error list_append of a list of classes
  () => update.set('SET visits = list_append(visits, {0})', [{ town: 'Oslo' }]),
  // @ts-expect-error list_append(if_not_exists(a, {0}), {1}): the list
  () => update.set('SET notes = list_append(if_not_exists(notes, {0}), {1})', [], 'a'),
  // @ts-expect-error ADD to a number takes a number
  () => update.set('ADD score {0}', '1'),
  // @ts-expect-error ADD to a set takes a set of its elements
  () => update.set('ADD tags {0}', new Set([1])),
  // @ts-expect-error DELETE from a set takes a set
  () => update.set('DELETE tags {0}', 'a'),
  // @ts-expect-error a condition of the update
  () => update.set('SET active = {0}', true).where('score < {0}', '1'),
];

test('values of the property types build update expressions', (t) => {
  const place = Object.assign(new Place(), { city: 'Oslo' });
  const input = update
    .set(
      'SET name = {0}, score = if_not_exists(score, {1}) + {2}, notes = list_append(if_not_exists(notes, {3}), {4}), place = {5}, visits = list_append({6}, visits), seen = {7} REMOVE pair ADD lucky {8} DELETE tags {9}',
      'Ada',
      0,
      1,
      [],
      ['n'],
      place,
      [place],
      new Date('2026-01-01T00:00:00.000Z'),
      new Set([7]),
      new Set(['old']),
    )
    .toInput(new Date('2026-01-02T00:00:00.000Z'));
  t.deepEqual(namesIn(input), ['lucky', 'name', 'notes', 'pair', 'place', 'score', 'seen', 'tags', 'visits']);
  t.deepEqual(input.ExpressionAttributeValues?.[':v0'], { S: 'Ada' });

  const nulls = update.set('SET name = {0}, seen = {1}, score = score - {2}', null, '2026-01-01', 1).toInput();
  t.truthy(nulls.UpdateExpression);
});

// The run time checks names and converts values by the attribute's converter; these calls are for the compiler.
test('every compile-time refusal is listed', (t) => {
  t.is(refusedUpdateValues.length, 22);
  // And the run time refuses each of them too, before sending, except what only the compiler can know:
  // literal unions and the element types of sets and lists are TypeScript's only.
  t.deepEqual(acceptedAtRunTime(refusedUpdateValues), [2, 15, 16, 19]);
});
