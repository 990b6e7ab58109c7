import { dockerEngineAnswers } from './docker-engine.js';

/** The image started through testcontainers. */
export const DYNAMODB_LOCAL_IMAGE = 'amazon/dynamodb-local';
const CONTAINER_PORT = 8000;

/** The part of the testcontainers API used here (the package is an optional peer dependency, not a build dependency). */
interface StartedContainer {
  getHost(): string;
  getMappedPort(port: number): number;
  stop(): Promise<unknown>;
}
interface GenericContainerBuilder {
  withExposedPorts(...ports: number[]): GenericContainerBuilder;
  withCommand(command: string[]): GenericContainerBuilder;
  start(): Promise<StartedContainer>;
}
type GenericContainerConstructor = new (image: string) => GenericContainerBuilder;

export interface ContainerDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
}

/** Thrown when testcontainers cannot be used here (no package, no Docker engine). */
export class TestcontainersUnavailableError extends Error {
  override name = 'TestcontainersUnavailableError';
}

async function loadGenericContainer(): Promise<GenericContainerConstructor> {
  // A variable specifier: TypeScript does not resolve it, so this compiles without the package installed.
  const specifier: string = 'testcontainers';
  let mod: unknown;
  try {
    mod = await import(specifier);
  } catch (error) {
    throw new TestcontainersUnavailableError(
      "the optional peer dependency 'testcontainers' is not installed (npm i -D testcontainers)",
      { cause: error },
    );
  }
  const candidates = [mod, (mod as { default?: unknown }).default];
  for (const candidate of candidates) {
    const ctor = (candidate as { GenericContainer?: unknown } | undefined)?.GenericContainer;
    if (typeof ctor === 'function') return ctor as GenericContainerConstructor;
  }
  throw new TestcontainersUnavailableError("the 'testcontainers' package does not export GenericContainer");
}

/** Starts `amazon/dynamodb-local` in a container (in memory) on a random host port. */
export async function startDynamoDbContainer(options: { sharedDb: boolean }): Promise<ContainerDynamoDb> {
  if (!(await dockerEngineAnswers())) {
    throw new TestcontainersUnavailableError(
      'no Docker engine answers (checked DOCKER_HOST, else /var/run/docker.sock, with GET /_ping)',
    );
  }
  const GenericContainer = await loadGenericContainer();
  const command = ['-jar', 'DynamoDBLocal.jar', '-inMemory', ...(options.sharedDb ? ['-sharedDb'] : [])];
  const container = await new GenericContainer(DYNAMODB_LOCAL_IMAGE)
    .withExposedPorts(CONTAINER_PORT)
    .withCommand(command)
    .start();
  return {
    endpoint: `http://${container.getHost()}:${container.getMappedPort(CONTAINER_PORT)}`,
    stop: async () => {
      await container.stop();
    },
  };
}
