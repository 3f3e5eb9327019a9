import { useQueryClient } from '@tanstack/react-query';
import { useJourneyCache } from '../journeys/useJourneyMutation';

export const scalQueryKey = (scalId: string) => ['scals', scalId] as const;
export const journeyScalQueryKey = (journeyId: string) => ['scals', 'byJourney', journeyId] as const;

/**
 * After a SCAL write: its progress and requirement pages are stale, and so are the journeys it is
 * attached to (their gates read the SCAL).
 */
export function useScalCache() {
  const queryClient = useQueryClient();
  const journeys = useJourneyCache();
  return {
    reload(scalId: string, journeyIds: readonly string[]) {
      void queryClient.invalidateQueries({ queryKey: scalQueryKey(scalId) });
      for (const journeyId of journeyIds) {
        void queryClient.invalidateQueries({ queryKey: journeyScalQueryKey(journeyId) });
        journeys.reload(journeyId);
      }
    },
  };
}
