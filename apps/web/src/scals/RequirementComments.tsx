import { Box, Button, Chip, CircularProgress, Paper, Stack, TextField, Typography } from '@mui/material';
import type { ScalCommentDto, ScalCommentThreadDto } from '@pairline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider } from 'react-admin';
import { errorMessage, useCan, type PairlineDataProvider } from '../auth';
import { FormError } from '../common/FormError';
import { formatDateTime } from '../common/format';
import { scalQueryKey } from './useScalCache';

const Comment = ({ comment }: { comment: ScalCommentDto }) => (
  <Box data-testid="scal-comment">
    <Typography variant="caption" color="text.secondary">
      <strong>{comment.authorName ?? 'A former member'}</strong> · {formatDateTime(comment.createdAt)}
    </Typography>
    <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
      {comment.body}
    </Typography>
  </Box>
);

const Reply = ({ onSend, pending }: { onSend: (body: string, done: () => void) => void; pending: boolean }) => {
  const [body, setBody] = useState('');
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <Button size="small" onClick={() => setOpen(true)}>
        Reply
      </Button>
    );
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
      <TextField size="small" label="Reply" value={body} onChange={(e) => setBody(e.target.value)} multiline fullWidth autoFocus />
      <Button size="small" variant="contained" disabled={pending || !body.trim()} onClick={() => onSend(body.trim(), () => { setBody(''); setOpen(false); })}>
        Send
      </Button>
    </Stack>
  );
};

/** Reviewer threads on one requirement: start one, reply, and resolve a thread as a whole. */
export const RequirementComments = ({ scalId, identifier }: { scalId: string; identifier: string }) => {
  const dataProvider = useDataProvider<PairlineDataProvider>();
  const queryClient = useQueryClient();
  const can = useCan();
  const writable = can('scal.comment');
  const [body, setBody] = useState('');
  const key = [...scalQueryKey(scalId), 'comments', identifier];
  const threads = useQuery({ queryKey: key, queryFn: () => dataProvider.getScalComments(scalId, identifier) });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: key });
    // Open-thread counts on the table and the SCAL header follow.
    void queryClient.invalidateQueries({ queryKey: [...scalQueryKey(scalId), 'requirements'] });
    void queryClient.invalidateQueries({ queryKey: ['scals', 'byJourney'] });
  };
  const add = useMutation({
    mutationFn: ({ text, parentId }: { text: string; parentId?: string; done?: () => void }) => dataProvider.addScalComment(scalId, identifier, { body: text, parentId }),
    onSuccess: (_c, { done }) => {
      done?.();
      refresh();
    },
  });
  const resolve = useMutation({
    mutationFn: (thread: ScalCommentThreadDto) => dataProvider.setScalThreadResolved(scalId, thread.id, !thread.resolvedAt),
    onSuccess: refresh,
  });

  return (
    <Box data-testid="scal-comments">
      <Typography variant="subtitle2" sx={{ mb: 1 }}>
        Reviewer comments
      </Typography>
      {threads.isPending ? <CircularProgress size={18} /> : null}
      {threads.error ? <Typography color="error">{errorMessage(threads.error)}</Typography> : null}
      <Stack spacing={1}>
        {threads.data?.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            No comments yet.
          </Typography>
        ) : null}
        {threads.data?.map((thread) => (
          <Paper key={thread.id} variant="outlined" sx={{ p: 1.5, opacity: thread.resolvedAt ? 0.7 : 1 }} data-testid="scal-thread" data-resolved={!!thread.resolvedAt}>
            <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'flex-start' }}>
              <Comment comment={thread} />
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexShrink: 0 }}>
                {thread.resolvedAt ? <Chip size="small" color="success" variant="outlined" label="Resolved" /> : null}
                {writable ? (
                  <Button size="small" onClick={() => resolve.mutate(thread)} disabled={resolve.isPending} data-testid="scal-thread-resolve">
                    {thread.resolvedAt ? 'Reopen' : 'Resolve'}
                  </Button>
                ) : null}
              </Stack>
            </Stack>
            <Stack spacing={1} sx={{ pl: 2, mt: thread.replies.length ? 1 : 0, borderLeft: thread.replies.length ? 2 : 0, borderColor: 'divider' }}>
              {thread.replies.map((reply) => (
                <Comment key={reply.id} comment={reply} />
              ))}
              {writable && !thread.resolvedAt ? <Reply pending={add.isPending} onSend={(text, done) => add.mutate({ text, parentId: thread.id, done })} /> : null}
            </Stack>
          </Paper>
        ))}
      </Stack>
      {writable ? (
        <Stack direction="row" spacing={1} sx={{ mt: 1.5, alignItems: 'flex-start' }}>
          <TextField size="small" label="New comment" value={body} onChange={(e) => setBody(e.target.value)} multiline fullWidth data-testid="scal-new-comment" />
          <Button variant="outlined" disabled={add.isPending || !body.trim()} onClick={() => add.mutate({ text: body.trim(), done: () => setBody('') })} data-testid="scal-add-comment">
            Comment
          </Button>
        </Stack>
      ) : null}
      <FormError error={add.error ?? resolve.error} testId="scal-comment-error" />
    </Box>
  );
};
