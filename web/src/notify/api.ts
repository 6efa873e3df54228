/** Notification settings and the development mailbox. */
import type { DevMailbox, NotificationSettings, UpdateNotificationSettings } from '@helsedialog/core';
import { useQuery } from '@tanstack/react-query';
import { apiGet, apiPut } from '../api/client.ts';

export const notifyKeys = {
  settings: ['notify', 'settings'] as const,
  mailbox: ['notify', 'mailbox'] as const,
};

export function useNotificationSettings() {
  return useQuery({ queryKey: notifyKeys.settings, queryFn: () => apiGet<NotificationSettings>('/api/citizen/notification-settings') });
}

export function saveNotificationSettings(body: UpdateNotificationSettings): Promise<NotificationSettings> {
  return apiPut<NotificationSettings>('/api/citizen/notification-settings', body);
}

/** The development mailbox, refreshed every few seconds. */
export function useDevMailbox() {
  return useQuery({ queryKey: notifyKeys.mailbox, queryFn: () => apiGet<DevMailbox>('/api/dev/mailbox?limit=200'), refetchInterval: 3000, retry: false });
}
