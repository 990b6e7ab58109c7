import { createKoaApp } from '../../examples/koa/app.js';
import { usersApiSuite } from './support/users-api-suite.js';

usersApiSuite('koa', (deps) => createKoaApp(deps).callback());
