/**
 * Writing attribute names into templates. Templates take names as written
 * (`status`, `address.city`); a stored name that is not an identifier, or
 * that reads as a keyword, must be written in backticks. `escapeName` does
 * that, so code that builds templates from metadata (stored names such as
 * `user-id`) can interpolate any name safely.
 */
import { CONDITION_KEYWORDS, UPDATE_KEYWORDS } from './keywords.js';

const IDENTIFIER = /^[\p{ID_Start}_$][\p{ID_Continue}$\u200c\u200d]*$/u;
/** The same for ASCII names, which are nearly all: V8 compiles the Unicode one above in about 0.2 ms, on first use. */
const ASCII_IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `name` as one path segment of a template: as is when it can be, else in backticks (a backtick inside doubled). */
export function escapeName(name: string): string {
  if (
    (ASCII_IDENTIFIER.test(name) || IDENTIFIER.test(name)) &&
    !CONDITION_KEYWORDS.has(name.toUpperCase()) &&
    !UPDATE_KEYWORDS.has(name.toUpperCase())
  )
    return name;
  return `\`${name.replaceAll('`', '``')}\``;
}
