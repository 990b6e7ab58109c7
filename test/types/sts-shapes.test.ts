/**
 * The STS and DynamoDB Streams types of the public declarations are fluent-dynamo's own structural shapes (so that
 * they type-check in an app without those optional peer dependencies). What the SDK gives must still fit them, and
 * what does not fit must still be refused. Compile-time checks: the build fails if one stops holding; the run-time
 * assertions check that the provider takes each accepted value as before.
 */
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import {
  type AssumeRoleCommandInput,
  type AssumeRoleCommandOutput,
  STSClient,
  type STSClientConfig,
} from '@aws-sdk/client-sts';
import test from 'ava';
import { StsTenantClientProvider, type StsTenantClientProviderOptions } from '../../src/index.js';
import type {
  AssumeRoleAnswer,
  AssumeRoleRequest,
  StsClientConfigLike,
  StsClientLike,
} from '../../src/tenancy/sts-client-like.js';
import type { FollowStreamOptions, StreamsClientLike } from '../../src/testing/follow-stream.js';

const roleArn = 'arn:aws:iam::123456789012:role/tenant';

// Every key of the SDK's configuration is one of StsClientConfigLike's: an object literal with any SDK option compiles.
type MissingConfigKeys = Exclude<keyof STSClientConfig, keyof StsClientConfigLike>;
const noMissingConfigKey: [MissingConfigKeys] extends [never] ? true : MissingConfigKeys = true;

// The SDK's shapes fit ours: a client, a configuration, an AssumeRole answer; our request is the SDK's input.
const sdkClient: StsClientLike = new STSClient({ region: 'us-east-1' });
const sdkConfig: STSClientConfig = { region: 'us-east-1', endpoint: 'http://127.0.0.1:9', maxAttempts: 2 };
const config: StsClientConfigLike = sdkConfig;
const answer = (output: AssumeRoleCommandOutput): AssumeRoleAnswer => output;
const request = (input: AssumeRoleRequest): AssumeRoleCommandInput => input;
const streamsClient: StreamsClientLike = new DynamoDBStreamsClient({ region: 'us-east-1' });
const followOptions: FollowStreamOptions = { streamsClient: new DynamoDBStreamsClient({ region: 'us-east-1' }) };

/** Options that must not compile: each line under a @ts-expect-error fails the build if it stops being an error. */
const refused: ReadonlyArray<() => StsTenantClientProviderOptions> = [
  // @ts-expect-error a misspelt STS option (region) is caught, as with STSClientConfig
  () => ({ roleArn, sts: { regoin: 'us-east-1' } }),
  // @ts-expect-error region is a string (or a function giving one)
  () => ({ roleArn, sts: { region: 42 } }),
  // @ts-expect-error a client needs send, destroy and a middleware stack: an object with only send is neither
  () => ({ roleArn, sts: { send: async () => ({}) } }),
];
const refusedStreams: ReadonlyArray<() => FollowStreamOptions> = [
  // @ts-expect-error a streams client must have send and destroy
  () => ({ streamsClient: { send: async () => ({}) } }),
];

test('a real STSClient, an STSClientConfig and a literal configuration are accepted as the sts option', (t) => {
  const given = new StsTenantClientProvider({ roleArn, sts: sdkClient, pruneIntervalSeconds: 0 });
  t.teardown(() => given.close());
  t.is(given.stsClient, sdkClient, 'a given STSClient is the provider’s STS client');

  for (const sts of [
    sdkConfig,
    config,
    { region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } },
  ]) {
    const provider = new StsTenantClientProvider({ roleArn, sts, pruneIntervalSeconds: 0 });
    t.teardown(() => provider.close());
    t.throws(() => provider.stsClient, { message: /loadStsClient/ }, 'a configuration makes the client on first use');
  }
  t.true(noMissingConfigKey);
  t.is(typeof answer, 'function');
  t.is(typeof request, 'function');
  t.is(typeof streamsClient.send, 'function');
  t.is(followOptions.streamsClient?.destroy, streamsClient.destroy);
  t.is(refused.length + refusedStreams.length, 4);
  sdkClient.destroy();
});
