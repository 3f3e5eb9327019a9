import DoneAllIcon from '@mui/icons-material/DoneAll';
import NotificationsIcon from '@mui/icons-material/Notifications';
import NotificationsNoneIcon from '@mui/icons-material/NotificationsNone';
import {
  Badge,
  Box,
  Button,
  CircularProgress,
  Divider,
  IconButton,
  List,
  ListItemButton,
  ListItemText,
  Popover,
  Stack,
  Tooltip,
  Typography,
} from '@mui/material';
import type { NotificationDto } from '@pairline/contracts';
import { useState } from 'react';
import { Link, useNavigate } from 'react-admin';
import { kindLabel, routerPath, timeAgo, useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from './api';

const LATEST = 8;

export const NotificationRow = ({ notification, onOpen, shade = true }: { notification: NotificationDto; onOpen: (n: NotificationDto) => void; shade?: boolean }) => {
  const unread = !notification.readAt;
  return (
    <ListItemButton
      onClick={() => onOpen(notification)}
      data-testid="notification-item"
      data-unread={unread ? 'true' : 'false'}
      sx={{ alignItems: 'flex-start', gap: 1.5, bgcolor: unread && shade ? 'action.hover' : undefined }}
    >
      <Box
        aria-hidden
        sx={{ mt: 1, width: 8, height: 8, flexShrink: 0, borderRadius: '50%', bgcolor: unread ? 'primary.main' : 'transparent' }}
      />
      <ListItemText
        primary={notification.title}
        secondary={
          <>
            <Box component="span" sx={{ display: 'block', whiteSpace: 'pre-line' }}>
              {notification.body}
            </Box>
            <Box component="span" sx={{ display: 'block', mt: 0.5 }}>
              {kindLabel(notification.itemKind)} · {timeAgo(notification.createdAt)}
            </Box>
          </>
        }
        slotProps={{
          primary: { sx: { fontWeight: unread ? 600 : 400 } },
          secondary: { component: 'span', variant: 'body2' },
        }}
      />
    </ListItemButton>
  );
};

/** Opening a notification is also reading it; the mark is not awaited so the navigation feels instant. */
export function useOpenNotification(after?: () => void) {
  const navigate = useNavigate();
  const markRead = useMarkRead();
  return (notification: NotificationDto) => {
    if (!notification.readAt) markRead.mutate(notification.id);
    after?.();
    navigate(routerPath(notification.path));
  };
}

/** The bell in the app bar: unread count, and the latest reminders in a popover. */
export const NotificationBell = () => {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const unread = useUnreadCount();
  const latest = useNotifications(LATEST);
  const markAll = useMarkAllRead();
  const close = () => setAnchor(null);
  const open = useOpenNotification(close);
  const count = unread.data?.unread ?? 0;

  return (
    <>
      <Tooltip title="Notifications">
        <IconButton
          color="inherit"
          aria-label={count ? `Notifications, ${count} unread` : 'Notifications'}
          onClick={(event) => {
            setAnchor(event.currentTarget);
            void latest.refetch();
          }}
          data-testid="notification-bell"
        >
          <Badge badgeContent={count} color="error" max={99} data-testid="notification-count" data-count={count}>
            {count ? <NotificationsIcon /> : <NotificationsNoneIcon />}
          </Badge>
        </IconButton>
      </Tooltip>
      <Popover
        open={anchor !== null}
        anchorEl={anchor}
        onClose={close}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        slotProps={{ paper: { sx: { width: 400, maxWidth: 'calc(100vw - 32px)' }, 'aria-label': 'Notifications', role: 'dialog' } as object }}
      >
        <Box data-testid="notification-popover">
          <Stack direction="row" sx={{ px: 2, py: 1.5, alignItems: 'center', justifyContent: 'space-between' }}>
            <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
              Notifications
            </Typography>
            <Button size="small" startIcon={<DoneAllIcon />} disabled={!count || markAll.isPending} onClick={() => markAll.mutate()} data-testid="notifications-mark-all">
              Mark all read
            </Button>
          </Stack>
          <Divider />
          {latest.isPending ? (
            <Box sx={{ p: 3, textAlign: 'center' }}>
              <CircularProgress size={24} />
            </Box>
          ) : latest.data?.items.length ? (
            <List dense disablePadding sx={{ maxHeight: 420, overflowY: 'auto' }}>
              {latest.data.items.map((n) => (
                <NotificationRow key={n.id} notification={n} onOpen={open} />
              ))}
            </List>
          ) : (
            <Typography variant="body2" color="text.secondary" sx={{ p: 3, textAlign: 'center' }}>
              No notifications yet. Reminders of due dates you own appear here.
            </Typography>
          )}
          <Divider />
          <Box sx={{ p: 1, textAlign: 'center' }}>
            <Button component={Link} to="/notifications" onClick={close} size="small" data-testid="notifications-see-all">
              See all notifications
            </Button>
          </Box>
        </Box>
      </Popover>
    </>
  );
};
