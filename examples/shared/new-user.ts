import { User } from './user.js';

/** Ids go into keys (`USER#<id>`) and URLs: letters, digits, `_` and `-` only. */
export const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;

export type NewUserInput = { ok: true; user: User } | { ok: false; problems: string[] };

/**
 * The body of POST /users (a `User`), checked field
 * by field: bad input is a 400 listing every problem, never a 500 from
 * deeper down. The server sets createdAt; status defaults to active.
 */
export function parseNewUser(body: unknown): NewUserInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, problems: ['the body must be a JSON object'] };
  }
  const { userId, email, name, status = 'active' } = body as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof userId !== 'string' || !USER_ID.test(userId)) {
    problems.push('userId: 1 to 64 letters, digits, _ or -');
  }
  if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) {
    problems.push('email: an email address');
  }
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 200) {
    problems.push('name: 1 to 200 characters');
  }
  if (status !== 'active' && status !== 'inactive') problems.push("status: 'active' or 'inactive'");
  if (problems.length > 0) return { ok: false, problems };
  const user = Object.assign(new User(), { userId, email, name, status, createdAt: new Date() });
  return { ok: true, user };
}

/** `?limit=` of the list: 1..100, default 25; undefined when invalid. */
export function parseLimit(value: unknown): number | undefined {
  if (value === undefined) return 25;
  const n = typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
  return n >= 1 && n <= 100 ? n : undefined;
}
