/**
 * What the compile-time checks leave to the run time, on purpose: templates
 * typed `string`, templates with `${string}` holes (interpolated fieldsOf
 * names), untyped tables (any name), single tables (items of several
 * entities), and templates the type-level pass cannot follow. None of these
 * may become a compile error; the run-time parser checks them.
 */
import test from 'ava';
import type { CheckedTemplate, TemplateValues } from '../../src/expressions/types/template.js';
import { ExpressionError, fieldsOf } from '../../src/index.js';
import { Profile } from './entities.js';
import { key, namesIn, newProfile, profiles, raw, single } from './support.js';

const ProfileFields = fieldsOf(Profile);
const update = profiles.update.withKey(key);

/** A reusable template function: checked where it is called, with a literal. */
function filterProfiles<S extends string>(
  template: CheckedTemplate<Profile, S, 'condition'>,
  ...values: TemplateValues<Profile, S, 'condition'>
) {
  return profiles.scan.withFilter(template, ...values);
}

const constant = 'SET score = score + {0}' as const;
/**
 * Calls that must not compile: each line under a @ts-expect-error fails the build if it stops being an error.
 * They are never run (the run time refuses them too, by its own checks).
 */
const refusedThroughReusableTemplates: ReadonlyArray<() => unknown> = [
  // @ts-expect-error the reusable function checks its literal templates
  () => filterProfiles('stauts = {0}', 'active'),
  // @ts-expect-error and its values
  () => filterProfiles('score > {0}', 'high'),
  // @ts-expect-error a constant's literal type is checked like an inline literal
  () => update.set(constant, '1'),
];

test('string templates and templates with holes compile and are checked at run time', (t) => {
  const dynamic: string = 'name = {0} AND score > {1}';
  t.throws(() => profiles.put.withItem(newProfile()).where(dynamic, 'x').toInput(), { instanceOf: ExpressionError });

  const stored = profiles.scan.withFilter(`${ProfileFields.name} = {0} AND ${ProfileFields.score} > {1}`, 'x', 1);
  t.deepEqual(namesIn(stored.toInput()), ['name', 'score']);

  // A hole may stand for anything, placeholders included, so the values are not counted either.
  const clause: string = 'score > {1}';
  const joined = profiles.scan.withFilter(`name = {0} AND ${clause}`, 'x', 1).toInput();
  t.is(joined.FilterExpression, '#n0 = :v0 AND #n1 > :v1');

  // TypeScript infers a template expression with holes as a template literal type, not a literal: it stays open.
  const infer = <S extends string>(template: S): S => template;
  const inferred: `${string} = {0}` = infer(`${ProfileFields.status} = {0}`);
  t.is(inferred, 'status = {0}');
});

test('untyped tables and single tables take any name and any value', (t) => {
  const input = raw.update
    .withKey({ pk: 'a', sk: 'b' })
    .set('SET anything = {0}, other = other + {1}', { x: 1 }, 2)
    .toInput();
  t.deepEqual(namesIn(input), ['anything', 'other']);
  t.is(
    raw.query.where('pk = {0} AND begins_with(sk, {1})', 'a', 'b').toInput().KeyConditionExpression,
    '#n0 = :v0 AND begins_with(#n1, :v1)',
  );
  t.is(
    // Any value at compile time; names are checked at run time against all the table's entities.
    single.scan.withFilter('text = {0} OR done = {1} OR _type = {2}', 1, 'x', 'Note').toInput().FilterExpression,
    '#n0 = :v0 OR #n1 = :v1 OR #n2 = :v2',
  );
});

test('templates the type-level pass cannot follow compile, and the run time refuses the wrong ones', (t) => {
  const put = profiles.put.withItem(newProfile());
  // Syntax the run time refuses: the types accept it rather than guess.
  t.throws(() => put.where("name = 'Ada'").toInput(), { instanceOf: ExpressionError });
  t.throws(() => put.where('name == {0}', 'Ada').toInput(), { instanceOf: ExpressionError });
  t.throws(() => put.where('name = {0:iso}', 'Ada').toInput(), { instanceOf: ExpressionError });
  t.throws(() => put.where('unknown_fn(name)').toInput(), { instanceOf: ExpressionError });
  // A union of templates is not one literal: left to the run time.
  const pick = (flag: boolean) => (flag ? 'name = {0}' : 'score = {0}');
  t.truthy(put.where(pick(true), 'x').toInput().ConditionExpression);
});

test('every compile-time refusal is listed', (t) => {
  t.is(refusedThroughReusableTemplates.length, 3);
});
