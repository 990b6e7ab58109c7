import assert from 'node:assert/strict';
import test from 'ava';
import fc from 'fast-check';
import { ExpressionError } from '../../src/errors/errors.js';
import { compileExpression, ExpressionContext, type ExpressionKind } from '../../src/expressions/index.js';
import {
  assemble,
  conditionArb,
  distinctiveValues,
  type Frag,
  KNOWN_SEGMENTS,
  keyConditionArb,
  mutatedArb,
  PATHS,
  projectionArb,
  updateArb,
  valueTexts,
} from './generators.js';

const RUNS = 300;

/** Everything a rendered expression may consist of: aliases, placeholders, keywords, function names, list indexes, operators. */
const GRAMMAR_TOKEN =
  /#n\d+|:v\d+|\b(?:AND|OR|NOT|BETWEEN|IN|SET|REMOVE|ADD|DELETE)\b|\b(?:attribute_exists|attribute_not_exists|attribute_type|begins_with|contains|size|if_not_exists|list_append)\(|\[\d+\]|<>|<=|>=|[=<>+\-(),.\s]/g;

/** Renders and checks the invariants; throws (for fast-check) on a violation. */
function checkRendered(
  kind: ExpressionKind,
  template: string,
  values: readonly unknown[],
  forbidden: readonly string[],
): void {
  const compiled = compileExpression(kind, template);
  assert.equal(compiled.valueCount, values.length);
  const ctx = new ExpressionContext();
  const text = compiled.render(ctx, values);

  for (const value of forbidden) assert.ok(!text.includes(value), `value ${value} appears in ${text}`);
  assert.equal(text.replace(GRAMMAR_TOKEN, ''), '', `unexpected text in ${JSON.stringify(text)}`);

  const names = ctx.names ?? {};
  const placeholders = ctx.values ?? {};
  const aliasesInText = new Set(text.match(/#n\d+/g) ?? []);
  const valuesInText = new Set(text.match(/:v\d+/g) ?? []);
  // Every alias and placeholder in the text is registered, and every registered one is used (DynamoDB rejects unused ones).
  assert.deepEqual([...aliasesInText].sort(), Object.keys(names).sort());
  assert.deepEqual([...valuesInText].sort(), Object.keys(placeholders).sort());
  assert.equal(Object.keys(placeholders).length, compiled.slots.length);
  for (const name of Object.values(names)) assert.ok(KNOWN_SEGMENTS.has(name), `unexpected name ${name}`);
  for (const attribute of compiled.attributes) assert.ok(Object.values(names).includes(attribute));
}

function generated(frag: fc.Arbitrary<Frag>) {
  return fc.tuple(frag, fc.nat(20)).map(([f, rotation]) => assemble(f, rotation));
}

function forbiddenTexts(refs: ReturnType<typeof assemble>['refs']): string[] {
  return refs.flatMap(valueTexts);
}

const conditions = generated(conditionArb({ paths: PATHS, values: distinctiveValues, depth: 3 }));
const keyConditions = generated(keyConditionArb(distinctiveValues));
const updates = generated(updateArb(distinctiveValues));
const projections = projectionArb().map((template) => ({ template, values: [] as unknown[], refs: [] }));

const DATE_SPECS = new Set(['o', 'ttl', 'ms']);

/** A value per placeholder index: a Date where a date spec asks for one, else a distinctive string. */
function valuesFor(compiled: ReturnType<typeof compileExpression>): unknown[] {
  const values: unknown[] = Array.from({ length: compiled.valueCount }, (_, i) => `zqvalue${i}x`);
  for (const slot of compiled.slots)
    if (slot.spec !== undefined && DATE_SPECS.has(slot.spec))
      values[slot.index] = new Date(86_400_000 * (slot.index + 1));
  return values;
}

const KINDS: readonly [ExpressionKind, fc.Arbitrary<ReturnType<typeof assemble>>][] = [
  ['condition', conditions],
  ['keyCondition', keyConditions],
  ['update', updates],
  ['projection', projections],
];

for (const [kind, arb] of KINDS) {
  test(`generated ${kind} templates compile and render with aliases and placeholders only`, (t) => {
    fc.assert(
      fc.property(arb, ({ template, values, refs }) => {
        checkRendered(kind, template, values, forbiddenTexts(refs));
      }),
      { numRuns: RUNS, includeErrorInReport: true },
    );
    t.pass();
  });

  test(`broken ${kind} templates compile or throw ExpressionError, never anything else`, (t) => {
    let compiled = 0;
    fc.assert(
      fc.property(mutatedArb(arb.map((g) => g.template)), (template) => {
        let compiledTemplate: ReturnType<typeof compileExpression>;
        try {
          compiledTemplate = compileExpression(kind, template);
        } catch (error) {
          assert.ok(error instanceof ExpressionError, `not an ExpressionError: ${String(error)}`);
          assert.equal(error.template, template);
          assert.ok(typeof error.position === 'number' && error.position >= 0 && error.position <= template.length);
          assert.ok(error.message.includes(JSON.stringify(template)));
          assert.ok(error.message.includes(`position ${error.position}`));
          return;
        }
        compiled++;
        // What compiles renders, and keeps the invariants (with distinctive values of its own; Dates for date specs).
        const values = valuesFor(compiledTemplate);
        const ctx = new ExpressionContext();
        const text = compiledTemplate.render(ctx, values);
        assert.equal(text.replace(GRAMMAR_TOKEN, ''), '', `unexpected text in ${JSON.stringify(text)}`);
        for (const value of values) assert.ok(!text.includes(String(value)));
      }),
      { numRuns: RUNS, includeErrorInReport: true },
    );
    t.log(`${compiled} of ${RUNS} mutated templates still compiled`);
    t.pass();
  });
}

test('arbitrary strings compile or throw ExpressionError', (t) => {
  fc.assert(
    fc.property(
      fc.constantFrom<ExpressionKind>('condition', 'keyCondition', 'update', 'projection'),
      fc.string({ unit: 'binary', maxLength: 40 }),
      (kind, template) => {
        try {
          compileExpression(kind, template);
        } catch (error) {
          assert.ok(error instanceof ExpressionError, `not an ExpressionError: ${String(error)}`);
          assert.ok(typeof error.position === 'number' && error.position >= 0 && error.position <= template.length);
        }
      },
    ),
    { numRuns: 1000, includeErrorInReport: true },
  );
  t.pass();
});

test('rendering is deterministic and the compiled object is shared', (t) => {
  fc.assert(
    fc.property(conditions, ({ template, values }) => {
      const first = compileExpression('condition', template);
      assert.equal(compileExpression('condition', template), first);
      const a = new ExpressionContext();
      const b = new ExpressionContext();
      assert.equal(first.render(a, values), first.render(b, values));
      assert.deepEqual(a.values, b.values);
      assert.deepEqual(a.names, b.names);
    }),
    { numRuns: 100, includeErrorInReport: true },
  );
  t.pass();
});
