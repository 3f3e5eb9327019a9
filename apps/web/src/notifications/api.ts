import type { NotificationDto } from '@pairline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { httpClient } from '../auth';

export const NOTIFICATIONS_KEY = ['notifications'] as const;
const UNREAD_KEY = [...NOTIFICATIONS_KEY, 'unread-count'] as const;

/** Reminders are planned for a local send hour, so half a minute is soon enough to see a new one. */
const UNREAD_POLL_MS = 30_000;

export function useUnreadCount() {
  return useQuery({
    queryKey: UNREAD_KEY,
    queryFn: async () => (await httpClient('/api/notifications/unread-count')).json as { unread: number },
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: true,
  });
}

export function useNotifications(limit: number) {
  return useQuery({
    queryKey: [...NOTIFICATIONS_KEY, 'list', limit],
    queryFn: async () => {
      const query = new URLSearchParams({ sort: JSON.stringify(['createdAt', 'DESC']), range: JSON.stringify([0, limit - 1]) });
      const { json, headers } = await httpClient(`/api/notifications?${query}`);
      const total = Number(headers.get('Content-Range')?.split('/')[1]);
      return { items: json as NotificationDto[], total: Number.isFinite(total) ? total : (json as NotificationDto[]).length };
    },
    refetchOnWindowFocus: true,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => (await httpClient(`/api/notifications/${id}/read`, { method: 'POST' })).json as NotificationDto,
    onSettled: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => (await httpClient('/api/notifications/read-all', { method: 'POST' })).json as { unread: number },
    onSettled: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
  });
}

/** Notification paths are full app URLs (`/#/journeys/…`, as in the emails); the router wants the part after the hash. */
export const routerPath = (path: string) => (path.startsWith('/#') ? path.slice(2) : path);

/** "5 min ago", "3 h ago", then the date: recent reminders matter by how fresh they are. */
export function timeAgo(value: string, now = Date.now()): string {
  const minutes = Math.round((now - new Date(value).getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 7) return `${days} d ago`;
  return new Date(value).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

const KIND_LABELS: Record<string, string> = {
  stage_due: 'Stage',
  stage_sla: 'Stage SLA',
  blocking_item: 'Blocking item',
  scal_requirement: 'SCAL requirement',
  evidence_expiry: 'Evidence',
  hazard_review: 'Hazard review',
};

export const kindLabel = (kind: string) => KIND_LABELS[kind] ?? kind.replace(/_/g, ' ');
