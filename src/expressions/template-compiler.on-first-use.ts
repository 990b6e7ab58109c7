/**
 * The template compiler (tokenizer, parsers, checks, emitter), about a sixth of the package's code, which a request
 * with no template never runs. Here it is imported as usual; the build for Node replaces this module with one that
 * loads the compiler's file on the first call, so that importing the package does not parse it.
 */
import * as compiler from './template-compiler.js';

export const templateCompiler = (): typeof compiler => compiler;
