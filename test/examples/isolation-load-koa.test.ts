import { createKoaApp } from '../../examples/koa/app.js';
import { isolationUnderLoad } from './support/isolation-load.js';

isolationUnderLoad('koa', (deps) => createKoaApp(deps).callback());
