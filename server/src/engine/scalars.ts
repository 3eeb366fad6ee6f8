/**
 * Scalar typing as `yaml`'s core schema does it (YAML 1.2): plain scalars that look like null,
 * booleans, integers (decimal, `0o`, `0x`) or floats (including `.inf` and `.nan`) get those
 * types; everything else, and every quoted or block scalar, is a string. The same functions as
 * the `yaml` package are used (parseInt, parseFloat), so values compare equal, `-0` included.
 */
import type { ScalarValue } from './model.js';

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** The value of a plain (unquoted, untagged) scalar whose text is `source`. */
export function plainScalarValue(source: string): ScalarValue {
  if (source === '') return null;
  const first = source.charCodeAt(0);
  // Most plain scalars in manifests are names and words: only a few first characters can start a non-string.
  if (!mayBeTyped(first)) return source;
  if (NULL.test(source)) return null;
  if (BOOL.test(source)) return first === 116 /* t */ || first === 84 /* T */;
  return numberValue(source) ?? source;
}

function mayBeTyped(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || // 0-9
    code === 43 || code === 45 || code === 46 || code === 126 || // + - . ~
    code === 110 || code === 78 || code === 116 || code === 84 || code === 102 || code === 70 // n N t T f F
  );
}

function numberValue(source: string): number | undefined {
  if (INT_OCT.test(source)) return parseInt(source.substring(2), 8);
  if (INT.test(source)) return parseInt(source, 10);
  if (INT_HEX.test(source)) return parseInt(source.substring(2), 16);
  if (FLOAT_NAN.test(source)) return source.slice(-3).toLowerCase() === 'nan' ? NaN : source[0] === '-' ? -Infinity : Infinity;
  if (FLOAT_EXP.test(source) || FLOAT.test(source)) return parseFloat(source);
  return undefined;
}

const CORE_TAG = 'tag:yaml.org,2002:';

/**
 * The value of a scalar written with an explicit tag. The core tags behave as in `yaml`
 * (`!!str 5` is the string "5", `!!int 5` the number 5, a core tag whose pattern does not match
 * leaves a string); any other tag is not interpreted and the scalar stays a string.
 */
export function taggedScalarValue(tag: string, text: string): ScalarValue {
  const name = tag.startsWith('!!') ? tag.slice(2) : tag.startsWith(CORE_TAG) ? tag.slice(CORE_TAG.length) : undefined;
  switch (name) {
    case 'null':
      return NULL.test(text) ? null : text;
    case 'bool':
      return BOOL.test(text) ? text[0] === 't' || text[0] === 'T' : text;
    case 'int':
      return INT_OCT.test(text) || INT.test(text) || INT_HEX.test(text) ? numberValue(text)! : text;
    case 'float':
      return FLOAT_NAN.test(text) || FLOAT_EXP.test(text) || FLOAT.test(text) ? numberValue(text)! : text;
    default:
      return text;
  }
}
