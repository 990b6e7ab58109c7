import type { Provider } from '@nestjs/common';
import { ConfigurationError } from '../clients/configuration-error.js';
import type { FluentDynamoModuleAsyncOptions, FluentDynamoOptionsFactory } from './options.js';
import { FLUENT_DYNAMO_OPTIONS } from './tokens.js';

/** The providers that produce FLUENT_DYNAMO_OPTIONS for forRootAsync: from a factory, a class, or an existing provider. */
export function asyncOptionsProviders(options: FluentDynamoModuleAsyncOptions<object>): Provider[] {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('FluentDynamoModule.forRootAsync needs options', 'options');
  }
  const { useFactory, useClass, useExisting, inject } = options;
  const given = [useFactory, useClass, useExisting].filter((source) => source !== undefined).length;
  if (given !== 1) {
    throw new ConfigurationError(
      'FluentDynamoModule.forRootAsync: give exactly one of useFactory, useClass and useExisting',
      'useFactory',
    );
  }
  if (useFactory) {
    if (typeof useFactory !== 'function') {
      throw new ConfigurationError('FluentDynamoModule.forRootAsync: useFactory must be a function', 'useFactory');
    }
    return [{ provide: FLUENT_DYNAMO_OPTIONS, useFactory, inject: inject ?? [] }];
  }
  const fromFactory = {
    provide: FLUENT_DYNAMO_OPTIONS,
    useFactory: (factory: FluentDynamoOptionsFactory<object>) => factory.createFluentDynamoOptions(),
    inject: [useClass ?? useExisting],
  } as Provider;
  // useClass: the module instantiates the class itself; useExisting: it is some other module's provider.
  return useClass ? [fromFactory, { provide: useClass, useClass }] : [fromFactory];
}
