/**
 * node:http, node:https and node:tls as CommonJS builtins (process.getBuiltinModule), not through ES `import`:
 * importing node:http as an ES module builds its whole namespace, and reading its WebSocket/EventSource exports
 * loads undici, about 90 ms of every cold start (Node 22 and 24), for nothing the SDK or we use. The SDK itself
 * requires node:http the CommonJS way.
 */
export const http = process.getBuiltinModule('node:http');
export const https = process.getBuiltinModule('node:https');
export const tls = process.getBuiltinModule('node:tls');
