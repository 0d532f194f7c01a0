// Fastify's schema compilers, one set per process. Each route's schemas are compiled when an
// app is built (an Ajv validator for params, query and body; a fast-json-stringify serializer
// per response): two thirds of the CPU of building one. One app per process pays it once
// anyway; a process that builds many (the tests build one per test) now pays it once per
// schema. What is compiled is Fastify's own compilers' work, kept per set of shared schemas and
// options, by the schema's JSON (many routes make their schemas afresh, the same each time; a
// schema holding a function is kept by the object instead).
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type Factory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type BuildValidator = NonNullable<Factory['buildValidator']>;
type BuildSerializer = NonNullable<Factory['buildSerializer']>;

/** A schema's JSON, or the schema itself when JSON would not tell it apart (a function in it). */
function keyOf(schema: unknown): unknown {
  let plain = true;
  const json = JSON.stringify(schema, (_key, value: unknown) => {
    if (typeof value === 'function') plain = false;
    return value;
  });
  return plain && json !== undefined ? json : schema;
}

type LooseFactory = (externalSchemas: unknown, options?: unknown) => (route: { schema?: unknown }) => unknown;

/** Wraps a compiler factory so that what it compiles is kept per set and schema, for the process. */
function kept<Build>(factory: Build): Build {
  const build = factory as unknown as LooseFactory;
  const bySet = new Map<string, Map<unknown, unknown>>();
  const wrapped: LooseFactory = (externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    const set = JSON.stringify([externalSchemas, options ?? {}]);
    let compiled = bySet.get(set);
    if (!compiled) {
      compiled = new Map();
      bySet.set(set, compiled);
    }
    const done = compiled;
    return (route) => {
      const key = keyOf(route.schema);
      if (!done.has(key)) done.set(key, compile(route));
      return done.get(key);
    };
  };
  return wrapped as unknown as Build;
}

/** Give it as `schemaController.compilersFactory` to every Fastify instance of the process. */
export const sharedCompilers: Factory = {
  buildValidator: kept(AjvCompiler() as unknown as BuildValidator),
  buildSerializer: kept(SerializerSelector() as BuildSerializer),
};
