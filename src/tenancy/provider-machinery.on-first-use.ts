/**
 * The tenant provider's machinery (provider-machinery.ts), about a tenth of the package's code. Here it is imported
 * as usual; the build for Node replaces this module with one that loads its file when the first provider is
 * constructed, so that importing the package does not parse it.
 */
import * as machinery from './provider-machinery.js';

export const providerMachinery = (): typeof machinery => machinery;
