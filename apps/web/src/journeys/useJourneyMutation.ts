import type { JourneyDetailDto } from '@pairline/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useDataProvider, useNotify } from 'react-admin';
import { errorCode, errorMessage, type PairlineDataProvider } from '../auth';

/** react-admin's cache key for GET /api/journeys/:id (see useGetOne). */
export const journeyQueryKey = (id: string) => ['journeys', 'getOne', { id: String(id), meta: undefined }] as const;
export const journeyHistoryQueryKey = (id: string) => ['journeys', 'history', String(id)] as const;
export const PORTFOLIO_QUERY_KEY = ['portfolio'] as const;

/**
 * Every journey write answers with the whole updated journey: put it in the cache the page reads,
 * and mark what summarises journeys elsewhere (lists, portfolio, history) as stale.
 */
export function useJourneyCache() {
  const queryClient = useQueryClient();
  const invalidateSummaries = (journeyId: string) => {
    void queryClient.invalidateQueries({ queryKey: ['journeys', 'getList'] });
    void queryClient.invalidateQueries({ queryKey: ['journeys', 'getManyReference'] });
    void queryClient.invalidateQueries({ queryKey: ['products'] });
    void queryClient.invalidateQueries({ queryKey: ['blocking-items'] });
    void queryClient.invalidateQueries({ queryKey: PORTFOLIO_QUERY_KEY });
    void queryClient.invalidateQueries({ queryKey: journeyHistoryQueryKey(journeyId) });
  };
  return {
    store(detail: JourneyDetailDto) {
      queryClient.setQueryData(journeyQueryKey(detail.id), detail);
      invalidateSummaries(detail.id);
    },
    /** Re-read the journey (after a write to another resource, or a stale version). */
    reload(journeyId: string) {
      void queryClient.invalidateQueries({ queryKey: journeyQueryKey(journeyId) });
      invalidateSummaries(journeyId);
    },
  };
}

/**
 * A journey action through the data provider: stores the answer; on a stale version, re-reads the
 * journey so the next attempt starts from what is saved. Errors stay on the mutation for the caller
 * to show where they belong (a gate error on its stage); `notifyErrors` also toasts them.
 */
export function useJourneyAction<Variables>(
  journeyId: string,
  run: (dataProvider: PairlineDataProvider, variables: Variables) => Promise<JourneyDetailDto>,
  options: { success?: string | ((detail: JourneyDetailDto) => string); notifyErrors?: boolean; onSuccess?: (detail: JourneyDetailDto) => void } = {},
) {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const notify = useNotify();
  const cache = useJourneyCache();
  return useMutation({
    mutationFn: (variables: Variables) => run(dataProvider, variables),
    onSuccess: (detail) => {
      cache.store(detail);
      if (options.success) notify(typeof options.success === 'string' ? options.success : options.success(detail), { type: 'success' });
      options.onSuccess?.(detail);
    },
    onError: (error) => {
      if (errorCode(error) === 'stale_version') cache.reload(journeyId);
      if (options.notifyErrors) notify(errorMessage(error), { type: 'error' });
    },
  });
}
