// A user-triggered async action with its pending state and an error in words.
import { createSignal } from 'solid-js';
import { errorMessage } from '../api/client.ts';

export function createAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  const [pending, setPending] = createSignal(false);
  const [error, setError] = createSignal('');
  const run = async (...args: A): Promise<R | undefined> => {
    setPending(true);
    setError('');
    try {
      return await fn(...args);
    } catch (err) {
      setError(errorMessage(err));
      return undefined;
    } finally {
      setPending(false);
    }
  };
  return { run, pending, error, setError };
}
