import { useCallback, useEffect, useState } from 'react';
import type { ApiInput, ApiMethod, ApiOutput } from '../../../shared/api/contract';
import { ApiCallError, call } from '../api';

export interface ApiValue<T> {
  value: T | undefined;
  loading: boolean;
  error: ApiCallError | undefined;
  /** Asks again with the same input. */
  retry: () => void;
}

interface FetchState<T> {
  key: string | null;
  value: T | undefined;
  loading: boolean;
  error: ApiCallError | undefined;
}

/**
 * The answer of one call, re-fetched when its input changes (compared by JSON, so callers may
 * pass a fresh object literal each render). A null input means "nothing to ask yet".
 * An answer that arrives after the input changed again is dropped.
 */
export function useApiValue<M extends ApiMethod>(method: M, input: ApiInput<M> | null): ApiValue<ApiOutput<M>> {
  const key = input === null ? null : JSON.stringify(input);
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const [state, setState] = useState<FetchState<ApiOutput<M>>>({ key: null, value: undefined, loading: false, error: undefined });

  useEffect(() => {
    if (key === null) {
      setState({ key, value: undefined, loading: false, error: undefined });
      return;
    }
    let current = true;
    // A retry keeps showing the value it refreshes; a new input never shows the old one.
    setState((previous) =>
      previous.key === key
        ? { ...previous, loading: true, error: undefined }
        : { key, value: undefined, loading: true, error: undefined },
    );
    call(method, JSON.parse(key) as ApiInput<M>).then(
      (value) => current && setState({ key, value, loading: false, error: undefined }),
      (error: unknown) =>
        current && setState({ key, value: undefined, loading: false, error: toCallError(method, error) }),
    );
    return () => {
      current = false;
    };
  }, [method, key, attempt]);

  // Until the effect has run for a new input, the old value is stale: say so.
  const stale = state.key !== key;
  return {
    value: stale ? undefined : state.value,
    loading: stale ? key !== null : state.loading,
    error: stale ? undefined : state.error,
    retry,
  };
}

export function toCallError(method: ApiMethod, error: unknown): ApiCallError {
  return error instanceof ApiCallError
    ? error
    : new ApiCallError(method, 'INTERNAL', error instanceof Error ? error.message : String(error));
}
