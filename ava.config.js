// ava runs on tsc's output: `npm test` (scripts/test.mjs) compiles first and provides DYNAMODB_ENDPOINT.
export default {
  files: ['build/test/**/*.test.js', '!build/test/support/**'],
  // Child processes: tests that start their own DynamoDB Local rely on process 'exit' hooks.
  workerThreads: false,
  concurrency: 2,
  timeout: '2m',
  environmentVariables: {
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  },
};
