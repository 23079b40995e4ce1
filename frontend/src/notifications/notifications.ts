// Pure helpers of the notification bell.

export const notificationKeys = {
  all: ["notifications"] as const,
  latest: ["notifications", "latest"] as const,
};

/** "Notifications (3 non lues)": the bell's accessible name (the same wording for any count,
 * so that it stays predictable). */
export function bellLabel(unreadCount: number | null | undefined): string {
  return `Notifications (${unreadCount ?? 0} non lues)`;
}

/** Only internal routes are followed; anything else ("https://…", "//host", "") goes nowhere. */
export function internalLink(link: string | null | undefined): string | null {
  if (!link || !link.startsWith("/") || link.startsWith("//")) return null;
  return link;
}
