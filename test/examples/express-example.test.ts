import { createExpressApp } from '../../examples/express/app.js';
import { usersApiSuite } from './support/users-api-suite.js';

usersApiSuite('express', (deps) => createExpressApp(deps));
