import { randomUUID } from 'node:crypto';
import { demoHeaders } from './demo-principal.js';
import { call, type Print } from './http-call.js';

/**
 * The multi-tenant users API (its UsersController), tried from outside:
 * the Express and the Koa example answer it identically.
 */
export async function usersApiTour(base: string, print: Print): Promise<void> {
  const alice = demoHeaders('alice', ['acme']);
  const bob = demoHeaders('bob', ['globex']);
  const newId = `user-${randomUUID().slice(0, 8)}`;

  print('1. Alice, a member of acme, reads a user of acme (GetUser)');
  await call(base, print, 'GET', '/api/tenants/acme/users/carol', { headers: alice, expect: 200 });
  print('2. The active users of acme, newest first, through the StatusIndex (GetActiveUsers)');
  await call(base, print, 'GET', '/api/tenants/acme/users?limit=10', { headers: alice, expect: 200 });
  print('3. Create a user: a conditional put, only if the id is new (CreateUser)');
  const user = { userId: newId, email: `${newId}@acme.example`, name: 'New User' };
  await call(base, print, 'POST', '/api/tenants/acme/users', { headers: alice, body: user, expect: 201 });
  print('4. The same user again: the condition fails, 409');
  await call(base, print, 'POST', '/api/tenants/acme/users', { headers: alice, body: user, expect: 409 });
  print('5. Bad input: 400 with what is wrong');
  await call(base, print, 'POST', '/api/tenants/acme/users', { headers: alice, body: { userId: 'x y' }, expect: 400 });
  print('6. Bob, a member of globex only, cannot see it: his tenant has a database of its own');
  await call(base, print, 'GET', `/api/tenants/globex/users/${newId}`, { headers: bob, expect: 404 });
  print('7. Alice asks for globex: refused by the tenant middleware, 403');
  await call(base, print, 'GET', '/api/tenants/globex/users/bob', { headers: alice, expect: 403 });
  print('8. Nobody signed in: 401');
  await call(base, print, 'GET', '/api/tenants/acme/users/alice', { expect: 401 });
}
