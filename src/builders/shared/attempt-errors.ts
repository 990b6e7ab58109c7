/** A command as far as watching its attempts goes: a middleware stack of its own. */
export interface CommandWithStack {
  readonly middlewareStack?: {
    add(middleware: unknown, options: { step: 'finalizeRequest'; priority: 'low'; name: string }): void;
  };
}

/**
 * Calls `onError` with the error of every attempt of `command`, inside the SDK's own retries: the retry
 * middleware is high in finalizeRequest and this sits below it, so it sees each attempt, where the SDK
 * reports only the last one. `name` must be unique on the command.
 */
export function onAttemptError(command: CommandWithStack, name: string, onError: (error: unknown) => void): void {
  command.middlewareStack?.add(
    (next: (args: unknown) => Promise<unknown>) => (args: unknown) => {
      // Chained, not awaited (one promise less per attempt); a middleware below that throws at once counts too.
      let attempt: Promise<unknown>;
      try {
        attempt = next(args);
      } catch (error) {
        onError(error);
        throw error;
      }
      return attempt.then(undefined, (error: unknown) => {
        onError(error);
        throw error;
      });
    },
    { step: 'finalizeRequest', priority: 'low', name },
  );
}
