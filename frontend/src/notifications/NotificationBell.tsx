// The header's bell: the unread count in its name, and a popover with the 10 latest
// notifications (each a link that marks it read) and "Tout marquer comme lu".
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { ActionIcon, Anchor, Badge, Button, Group, Indicator, Popover, Stack, Text } from "@mantine/core";
import { api, unwrap } from "../api/client";
import type { AppNotification } from "../api/types";
import { formatDateTime } from "../shared/dates";
import { ErrorAlert, Loading } from "../shared/feedback";
import { bellLabel, internalLink, notificationKeys } from "./notifications";

function BellIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true" focusable="false">
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.73 21a2 2 0 0 1-3.46 0" />
    </svg>
  );
}

export function NotificationBell() {
  const [opened, setOpened] = useState(false);
  const queryClient = useQueryClient();
  const notifications = useQuery({
    queryKey: notificationKeys.latest,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/notifications/", { params: { query: { page_size: 10 } }, signal })),
    refetchInterval: 60 * 1000,
    refetchOnWindowFocus: true,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all });

  const markRead = useMutation({
    mutationFn: (id: number) =>
      unwrap(api.POST("/api/v1/notifications/{id}/read/", { params: { path: { id: String(id) } } })),
    onSettled: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/notifications/read-all/")),
    onSettled: refresh,
  });

  const unread = notifications.data?.unread_count ?? 0;
  const label = bellLabel(unread);

  return (
    // The indicator wraps the popover so that the popover's ARIA attributes land on the button itself.
    <Indicator label={<span aria-hidden="true">{unread > 99 ? "99+" : unread}</span>} size={18} disabled={unread === 0} offset={4} color="red.8">
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} shadow="md" trapFocus withinPortal>
      <Popover.Target>
          <ActionIcon
            variant="default"
            size="lg"
            aria-label={label}
            title={label}
            onClick={() => setOpened((current) => !current)}
          >
            <BellIcon />
          </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="sm">
          <Group justify="space-between" gap="xs">
            <Text fw={700}>Notifications</Text>
            <Button
              size="xs"
              variant="subtle"
              onClick={() => markAll.mutate()}
              loading={markAll.isPending}
              disabled={unread === 0}
            >
              Tout marquer comme lu
            </Button>
          </Group>
          {markAll.isError && <ErrorAlert error={markAll.error} title="Les notifications n'ont pas été marquées" />}
          {notifications.isPending ? (
            <Loading label="Chargement des notifications…" />
          ) : notifications.isError ? (
            <ErrorAlert
              error={notifications.error}
              title="Les notifications n'ont pas pu être chargées"
              onRetry={() => notifications.refetch()}
            />
          ) : notifications.data.results.length === 0 ? (
            <Text c="gray.8">Aucune notification.</Text>
          ) : (
            <Stack component="ul" gap={4} p={0} m={0} mah={420} style={{ listStyle: "none", overflowY: "auto" }}>
              {notifications.data.results.slice(0, 10).map((notification) => (
                <NotificationItem
                  key={notification.id}
                  notification={notification}
                  onOpen={() => {
                    if (!notification.is_read) markRead.mutate(notification.id);
                    setOpened(false);
                  }}
                />
              ))}
            </Stack>
          )}
        </Stack>
      </Popover.Dropdown>
    </Popover>
    </Indicator>
  );
}

function NotificationItem({ notification, onOpen }: { notification: AppNotification; onOpen: () => void }) {
  const to = internalLink(notification.link);
  const content = (
    <Stack gap={2}>
      <Group gap={6} wrap="nowrap" align="flex-start">
        {!notification.is_read && (
          <Badge size="xs" color="red.8" variant="filled" style={{ flexShrink: 0 }}>
            Non lue
          </Badge>
        )}
        <Text size="sm" fw={notification.is_read ? 400 : 700}>
          {notification.title}
        </Text>
      </Group>
      <Text size="xs" c="gray.7">
        {formatDateTime(notification.created_at)}
      </Text>
    </Stack>
  );
  return (
    <li>
      {to ? (
        <Anchor component={Link} to={to} onClick={onOpen} underline="never" c="inherit" display="block" p={6}>
          {content}
        </Anchor>
      ) : (
        <div style={{ padding: 6 }}>{content}</div>
      )}
    </li>
  );
}
