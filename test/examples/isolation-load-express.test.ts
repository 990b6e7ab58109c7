import { createExpressApp } from '../../examples/express/app.js';
import { isolationUnderLoad } from './support/isolation-load.js';

isolationUnderLoad('express', (deps) => createExpressApp(deps));
