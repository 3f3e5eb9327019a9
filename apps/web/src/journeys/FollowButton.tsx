import CheckIcon from '@mui/icons-material/Check';
import NotificationsNoneIcon from '@mui/icons-material/NotificationsNone';
import { Button, Tooltip } from '@mui/material';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDataProvider, useNotify } from 'react-admin';
import { errorMessage, type PairlineDataProvider } from '../auth';

export const journeyFollowQueryKey = (id: string) => ['journeys', 'follow', String(id)] as const;

/**
 * Following puts the journey's open due dates in the member's calendar feed. It is a personal
 * preference, not a change to the journey, so anyone who can read the journey may follow it.
 */
export const FollowButton = ({ journeyId }: { journeyId: string }) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const state = useQuery({ queryKey: journeyFollowQueryKey(journeyId), queryFn: () => dataProvider.getJourneyFollow(journeyId) });
  const toggle = useMutation({
    mutationFn: (following: boolean) => dataProvider.setJourneyFollow(journeyId, following),
    onSuccess: (next) => {
      queryClient.setQueryData(journeyFollowQueryKey(journeyId), next);
      notify(next.following ? 'Following this journey: its due dates are in your calendar feed' : 'No longer following this journey', { type: 'success' });
    },
    onError: (error) => notify(errorMessage(error), { type: 'error' }),
  });
  // Nothing to show until the state is known: a wrong label would invite the wrong click.
  if (!state.data) return null;
  const following = state.data.following;
  // describeChild keeps the button's accessible name its label; the span lets the tooltip show while it is disabled.
  return (
    <Tooltip describeChild title={following ? "This journey's due dates are in your calendar feed: click to stop following" : "Add this journey's due dates to your calendar feed"}>
      <span>
        <Button
          variant={following ? 'contained' : 'outlined'}
          startIcon={following ? <CheckIcon /> : <NotificationsNoneIcon />}
          onClick={() => toggle.mutate(!following)}
          disabled={toggle.isPending}
          data-testid="follow-journey"
        >
          {following ? 'Following' : 'Follow'}
        </Button>
      </span>
    </Tooltip>
  );
};
