import { canonicalDecimal } from './stored-number.js';

// A JavaScript Set tells its members apart by identity (two Uint8Arrays of the same bytes) or by type
// (1 and 1n), DynamoDB by the stored value: members that store the same value are one member of the set,
// and a request that sends them twice is a ValidationException ("Input collection contains duplicates")
// for the whole request, after a batch's earlier chunks were written. So each stored value is sent once.

/** Number texts (NS) without repeats of one decimal value (`1` for 1 and 1n, `10` for 10n and 1e1). */
export function distinctNumberTexts(texts: readonly string[]): string[] {
  return distinctBy(texts, canonicalDecimal);
}

/** Binary members (BS) without repeats of the same bytes. */
export function distinctBytes(members: readonly Uint8Array[]): Uint8Array[] {
  return distinctBy(members, bytesKey);
}

/** `members` without the later ones whose stored value (`storedOf`) is one seen before, in order. */
function distinctBy<M>(members: readonly M[], storedOf: (member: M) => string): M[] {
  if (members.length < 2) return [...members];
  const seen = new Set<string>();
  return members.filter((member) => {
    const value = storedOf(member);
    if (seen.has(value)) return false;
    seen.add(value);
    return true;
  });
}

/** One character per byte: equal strings for equal bytes, and no Buffer (the library also runs outside Node). */
function bytesKey(bytes: Uint8Array): string {
  let out = '';
  // In chunks: String.fromCharCode takes its bytes as arguments, and arguments are limited in number.
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return out;
}
