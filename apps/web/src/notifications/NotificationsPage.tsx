import DoneAllIcon from '@mui/icons-material/DoneAll';
import DoneIcon from '@mui/icons-material/Done';
import { Alert, Box, Button, Card, CircularProgress, Divider, IconButton, List, Stack, Tooltip, Typography } from '@mui/material';
import { useState } from 'react';
import { Title } from 'react-admin';
import { errorMessage } from '../auth';
import { NotificationRow, useOpenNotification } from './NotificationBell';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from './api';

const PAGE = 50;

/** `/notifications`: every reminder the member has had, newest first, unread ones highlighted. */
export const NotificationsPage = () => {
  const [limit, setLimit] = useState(PAGE);
  const list = useNotifications(limit);
  const unread = useUnreadCount();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const open = useOpenNotification();
  const count = unread.data?.unread ?? 0;

  return (
    <Box sx={{ py: 2 }} data-testid="notifications-page">
      <Title title="Notifications" />
      <Stack spacing={2} sx={{ maxWidth: 900 }}>
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
          <Typography variant="body2" color="text.secondary" data-testid="notifications-unread-summary">
            {count ? `${count} unread` : 'All caught up'}
          </Typography>
          <Button variant="outlined" startIcon={<DoneAllIcon />} disabled={!count || markAll.isPending} onClick={() => markAll.mutate()} data-testid="notifications-page-mark-all">
            Mark all read
          </Button>
        </Stack>
        {list.isError ? <Alert severity="error">{errorMessage(list.error)}</Alert> : null}
        <Card>
          {list.isPending ? (
            <Box sx={{ p: 4, textAlign: 'center' }}>
              <CircularProgress size={24} />
            </Box>
          ) : list.data?.items.length ? (
            <List disablePadding data-testid="notifications-list">
              {list.data.items.map((n, index) => (
                <Box key={n.id}>
                  {index ? <Divider component="div" /> : null}
                  <Stack direction="row" sx={{ alignItems: 'center', bgcolor: n.readAt ? undefined : 'action.hover' }}>
                    <Box sx={{ flex: 1, minWidth: 0 }}>
                      <NotificationRow notification={n} onOpen={open} shade={false} />
                    </Box>
                    <Box sx={{ width: 56, textAlign: 'center' }}>
                      {n.readAt ? null : (
                        <Tooltip title="Mark read">
                          <IconButton aria-label={`Mark "${n.title}" read`} onClick={() => markRead.mutate(n.id)} data-testid="notification-mark-read">
                            <DoneIcon fontSize="small" />
                          </IconButton>
                        </Tooltip>
                      )}
                    </Box>
                  </Stack>
                </Box>
              ))}
            </List>
          ) : (
            <Typography color="text.secondary" sx={{ p: 4, textAlign: 'center' }}>
              No notifications yet. Reminders of the due dates you own, and escalations of overdue ones, appear here.
            </Typography>
          )}
        </Card>
        {list.data && list.data.total > list.data.items.length ? (
          <Box sx={{ textAlign: 'center' }}>
            <Button onClick={() => setLimit((l) => l + PAGE)} disabled={list.isFetching}>
              Show older ({list.data.total - list.data.items.length} more)
            </Button>
          </Box>
        ) : null}
      </Stack>
    </Box>
  );
};
