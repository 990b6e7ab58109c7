import { ConfigurationError } from '../../clients/configuration-error.js';
import { globalSingleton } from '../../internal/global-singleton.js';
import { type CursorKey, type CursorSecret, deriveCursorKey, secretBytes } from '../../security/cursor-keys.js';

/**
 * What a pagination cursor is:
 * - `unkeyed` (the default without a secret): base64url JSON of the position with a checksum. Readable (it shows
 *   the key attributes and their values), and anyone can make one; it is still checked to belong to the table,
 *   index and partition the query reads.
 * - `signed`: the same text with an HMAC-SHA256 signature: readable, but only the application can make one, so a
 *   client cannot move its position, even within its own partition.
 * - `encrypted` (the default with a secret): AES-256-GCM, authenticated: reveals nothing of the key design
 *   (attribute names, values, lengths up to 32 bytes), and only the application can make one.
 */
export type CursorMode = 'unkeyed' | 'signed' | 'encrypted';

/** How the `cursor` of a page is made and checked: see CursorMode. */
export interface CursorOptions {
  /** Default: `encrypted` when a secret is given, else `unkeyed`. */
  readonly mode?: CursorMode;
  /**
   * At least 32 bytes (a string counts its UTF-8 bytes). A list rotates secrets: the first signs or encrypts new
   * cursors, every one of them is accepted, so cursors handed out before the rotation keep working until the old
   * secret is dropped from the list.
   */
  readonly secret?: CursorSecret | readonly CursorSecret[];
}

/** Cursor options, checked and with their keys derived (once, at configuration). */
export interface CursorSettings {
  readonly mode: CursorMode;
  /** The current key first; empty when unkeyed. */
  readonly keys: readonly CursorKey[];
}

export const UNKEYED: CursorSettings = Object.freeze({ mode: 'unkeyed', keys: Object.freeze([]) });

function invalid(message: string, option = 'cursors'): never {
  throw new ConfigurationError(`cursor options: ${message}`, option);
}

/** Checks cursor options and derives their keys; a ConfigurationError names what is wrong. */
export function cursorSettings(options: CursorOptions | undefined): CursorSettings {
  if (options === undefined) return UNKEYED;
  if (typeof options !== 'object' || options === null) invalid(`expected an object, got ${String(options)}`);
  const { mode, secret } = options;
  if (mode !== undefined && mode !== 'unkeyed' && mode !== 'signed' && mode !== 'encrypted') {
    invalid(`mode is 'unkeyed', 'signed' or 'encrypted', got ${JSON.stringify(mode)}`, 'cursors.mode');
  }
  const secrets: readonly unknown[] = secret === undefined ? [] : Array.isArray(secret) ? secret : [secret];
  const resolved: CursorMode = mode ?? (secrets.length > 0 ? 'encrypted' : 'unkeyed');
  if (resolved === 'unkeyed') {
    if (secrets.length > 0) invalid(`mode 'unkeyed' takes no secret`, 'cursors.secret');
    return UNKEYED;
  }
  if (secrets.length === 0) invalid(`mode '${resolved}' needs a secret`, 'cursors.secret');
  const keys = secrets.map((s, i) => {
    const bytes = secretBytes(s);
    if (typeof bytes === 'string') invalid(Array.isArray(secret) ? `secret ${i}: ${bytes}` : bytes, 'cursors.secret');
    return deriveCursorKey(bytes);
  });
  return Object.freeze({ mode: resolved, keys: Object.freeze(keys) });
}

// Shared by the ESM and CommonJS copies of the package, like the metadata store.
const defaults = globalSingleton('cursor-defaults', () => ({ settings: UNKEYED }));
const byTarget = globalSingleton('cursor-settings-by-target', () => new WeakMap<object, CursorSettings>());

/**
 * Cursors of every repository and table that has no `cursors` option of its
 * own, from now on (typically once at startup, with a secret from your
 * secret store). `configureCursors(undefined)` goes back to unkeyed cursors.
 */
export function configureCursors(options: CursorOptions | undefined): void {
  defaults.settings = cursorSettings(options);
}

/** Gives the cursors of one table target (a Repository's, a DynamoDbTable's) options of their own. */
export function useCursorOptions(target: object, options: CursorOptions | undefined): void {
  if (options === undefined) byTarget.delete(target);
  else byTarget.set(target, cursorSettings(options));
}

/** The cursor settings a target's reads use now: its own, or the process-wide ones. */
export function cursorSettingsOf(target: object): CursorSettings {
  return byTarget.get(target) ?? defaults.settings;
}
