/**
 * Request bodies for an operation, from its spec: valid and invalid values
 * (src/contract/arbitrary.ts), the same as text spoiled (malformed JSON, huge numbers,
 * unicode, `__proto__` keys, deep nesting, not an object), under every sort of
 * Content-Type, missing, empty or over the size limit.
 */
import fc from 'fast-check';
import { invalidValues, mutationsOf, validValues } from '../../src/contract/arbitrary.ts';
import type { ApiSpec, SpecOperation } from '../../src/contract/spec.ts';
import { mediaSchemaPointer, mediaTypes } from '../../src/spec/openapi.ts';
import { headerValue, oddText, textOf, type Weighted, w } from './odd-values.ts';

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/json;x=y'];
const OTHER_TYPES = [
  ...['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; b=z'],
  ...['application/xml', '*/*', 'application/octet-stream', 'application/vnd.api+json', 'garbage', ';;;'],
  ...['application/', '/json', 'application/json, text/plain', 'application/x-www-form-urlencoded;charset=latin1'],
];
/** `undefined`: no Content-Type header at all. */
const anyContentType: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constantFrom(...JSON_TYPES, ...OTHER_TYPES, undefined),
  headerValue,
);

/** A value as form fields: arrays repeat their field, other values are their text. */
function formOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return textOf(value);
  const form = new URLSearchParams();
  for (const [name, field] of Object.entries(value)) {
    for (const item of Array.isArray(field) ? field : [field]) form.append(name, textOf(item));
  }
  return form.toString();
}

const isForm = (contentType: string | undefined): boolean =>
  (contentType ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

/** The value as the media type carries it. */
const encode = (value: unknown, contentType: string | undefined): string =>
  isForm(contentType) ? formOf(value) : JSON.stringify(value);

const HUGE_NUMBERS = ['1e400', '-1e400', '123456789012345678901234567890', '1e-400', '-0', '9007199254740993', '1E2'];
const POLLUTERS = [
  '"__proto__":{"polluted":"yes","isAdmin":true}',
  '"constructor":{"prototype":{"polluted":"yes"}}',
  '"__proto__":null',
  '"prototype":{"polluted":"yes"}',
  '"hasOwnProperty":1',
  '"toString":"x"',
];
const STRANGE_STRINGS = ['"\\ud800"', '"\\udfff\\ud800"', '"\\u0000"', '"\\uffff"', '"\\u202e"'];
const NOT_OBJECTS = ['null', 'true', '0', '"text"', '[]', '', ' ', '{', '}', '{}{}', 'NaN', '{"a":}', "{'a':1}"];

/** Where an object opens in JSON text: the n-th `{`, or none. */
function nthBrace(text: string, n: number): number {
  const braces = [...text.matchAll(/\{/g)].map((match) => match.index);
  return braces.length === 0 ? -1 : (braces[n % braces.length] as number);
}

function insertMember(text: string, member: string, at: number): string {
  const brace = nthBrace(text, at);
  if (brace < 0) return `{${member}}`;
  const empty = text[brace + 1] === '}';
  return `${text.slice(0, brace + 1)}${member}${empty ? '' : ','}${text.slice(brace + 1)}`;
}

/** One way to spoil JSON text; `pick` chooses among its variants, `unicode` is any text. */
type Mangle = (text: string, pick: number, unicode: string) => [string, string];
const MANGLES: readonly Mangle[] = [
  (text, pick) => [text.slice(0, pick % Math.max(text.length, 1)), 'truncated JSON'],
  (text, pick) => [`${text}${[',', '}', ']', 'x', '\u0000', '//'][pick % 6]}`, 'trailing garbage'],
  (text, pick) => {
    const huge = HUGE_NUMBERS[pick % HUGE_NUMBERS.length] as string;
    const replaced = text.replace(/(:\s*)-?\d+(\.\d+)?([eE][+-]?\d+)?/, `$1${huge}`);
    return [replaced === text ? insertMember(text, `"n":${huge}`, 0) : replaced, `number ${huge}`];
  },
  (text, pick) => {
    const member = POLLUTERS[pick % POLLUTERS.length] as string;
    return [insertMember(text, member, pick), `prototype key ${member}`];
  },
  (text) => {
    const key = /"([^"\\]+)"\s*:/.exec(text)?.[1];
    return key === undefined ? [text, 'as is'] : [`${text.replace(/\}\s*$/, '')},"${key}":null}`, `duplicate ${key}`];
  },
  (text, pick, unicode) => {
    const strange =
      pick % 2 === 0 ? JSON.stringify(unicode) : (STRANGE_STRINGS[pick % STRANGE_STRINGS.length] as string);
    return [text.replace(/(:\s*)"(?:[^"\\]|\\.)*"/, `$1${strange}`), `string ${strange}`];
  },
  (text, pick) => {
    // past the engine's limit of 256 levels the answer is a 400 (fixed-defects.ts: nesting)
    const depth = [10, 100, 1000, 5000][pick % 4] as number;
    return [insertMember(text, `"deep":${'['.repeat(depth)}${']'.repeat(depth)}`, pick), `nested ${depth} deep`];
  },
  (text, pick) => {
    const shapes = [`[${text}]`, `\uFEFF${text}`, text.replaceAll('"', "'"), `${text}${text}`, ...NOT_OBJECTS];
    const shape = shapes[pick % shapes.length] as string;
    return [shape, `not one JSON object: ${JSON.stringify(shape.slice(0, 20))}`];
  },
];

/** About 1.1 MiB: over the 1 MiB body limit. */
const OVERSIZE = `{"padding":"${'x'.repeat(1_100_000)}"}`;

export interface Body {
  readonly contentType?: string;
  readonly text?: string;
  readonly what: string;
}

export interface BodyHooks {
  /** Domain rules a schema cannot say (dates in order), applied before validation. */
  readonly realize?: (value: unknown) => unknown;
  /** Choices per request (an existing id, the caller's own organisation), `pick` is random. */
  readonly adjust?: (value: unknown, pick: number) => unknown;
}

const NO_BODY: Body = { what: 'no body' };

/** Bodies for an operation: documented, broken, mangled, of another type, missing, too large. */
export function bodyArbitrary(spec: ApiSpec, operation: SpecOperation, hooks: BodyHooks = {}): fc.Arbitrary<Body> {
  const holder = `${operation.entry.pointer}/requestBody`;
  const junk = fc
    .tuple(anyContentType, fc.oneof(oddText, fc.constantFrom(...NOT_OBJECTS)))
    .map(
      ([contentType, text]): Body => ({ ...(contentType === undefined ? {} : { contentType }), text, what: 'junk' }),
    );
  if (operation.entry.operation.requestBody === undefined) {
    // a GET carries none (see operationRequests); another method may send one anyway
    return operation.method === 'GET'
      ? fc.constant(NO_BODY)
      : fc.oneof(w(40, fc.constant(NO_BODY)), w(10, junk), w(1, fc.constant({ text: OVERSIZE, what: 'oversize' })));
  }
  const choices: Array<Weighted<Body>> = [];
  const types = mediaTypes(spec.document, holder);
  for (const mediaType of types) {
    const pointer = mediaSchemaPointer(spec.document, holder, mediaType) as string;
    const validator = operation.compiled.body?.media.get(mediaType);
    const validate = (value: unknown) => validator?.(structuredClone(value)) ?? true;
    const schema = { $ref: `#${pointer}` };
    const adjust = hooks.adjust ?? ((value: unknown) => value);
    const valid = fc
      .tuple(validValues(spec.document, schema, validate, hooks.realize), fc.nat(999))
      .map(([value, pick]) => adjust(value, pick))
      .filter(validate);
    choices.push(
      w(
        40,
        valid.map((value) => ({ contentType: mediaType, text: encode(value, mediaType), what: 'valid' })),
      ),
    );
    const mutations = mutationsOf(spec.document, schema);
    if (mutations.length > 0) {
      const invalid = invalidValues(valid, mutations, validate);
      choices.push(
        w(
          25,
          invalid.map(({ value, mutation }) => ({
            contentType: mediaType,
            text: encode(value, mediaType),
            what: `invalid (${mutation.description})`,
          })),
        ),
      );
    }
    choices.push(
      w(
        15,
        fc
          .tuple(valid, fc.nat(), fc.string({ unit: 'binary', maxLength: 16 }), fc.nat(MANGLES.length - 1))
          .map(([value, pick, unicode, index]) => {
            const [text, what] = (MANGLES[index] as Mangle)(JSON.stringify(value), pick, unicode);
            return { contentType: mediaType.includes('json') ? mediaType : 'application/json', text, what };
          }),
      ),
      w(
        10,
        fc.tuple(valid, anyContentType).map(([value, contentType]) => ({
          ...(contentType === undefined ? {} : { contentType }),
          text: encode(value, contentType),
          what: `valid as ${contentType ?? 'no content type'}`,
        })),
      ),
      w(4, fc.constantFrom<Body>(NO_BODY, { contentType: mediaType, text: '', what: 'empty' })),
      w(1, fc.constant({ contentType: mediaType, text: OVERSIZE, what: 'oversize' })),
    );
  }
  return fc.oneof(...choices);
}
