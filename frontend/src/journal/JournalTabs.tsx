// The parcours page's follow-up journal, in tabs: Suivi, Freins, Plan d'action, Rendez-vous and
// Chronologie, for counsellors and managers. Only the open tab is mounted (and loads its lists).
import { useId, useState } from "react";
import { Stack, Tabs, Title } from "@mantine/core";
import type { Parcours } from "../api/types";
import { useMe } from "../auth/me";
import { worksOnParcours } from "../auth/roles";
import { ActionPlanTab } from "./ActionPlanTab";
import { AppointmentsTab } from "./AppointmentsTab";
import { BarriersTab } from "./BarriersTab";
import { FollowUpTab } from "./FollowUpTab";
import { TimelineTab } from "./TimelineTab";

export const JOURNAL_TABS = [
  { value: "suivi", label: "Suivi", Panel: FollowUpTab },
  { value: "freins", label: "Freins", Panel: BarriersTab },
  { value: "plan", label: "Plan d'action", Panel: ActionPlanTab },
  { value: "rendez-vous", label: "Rendez-vous", Panel: AppointmentsTab },
  { value: "chronologie", label: "Chronologie", Panel: TimelineTab },
] as const;

export type JournalTab = (typeof JOURNAL_TABS)[number]["value"];

export function JournalTabs({ parcours, initialTab = "suivi" }: { parcours: Parcours; initialTab?: JournalTab }) {
  const idPrefix = useId();
  const me = useMe();
  const [tab, setTab] = useState<string>(initialTab);
  // The journal is the staff's (counsellors and managers); the API refuses it to anyone else.
  if (!worksOnParcours(me)) return null;

  return (
    <Stack component="section" aria-labelledby={`${idPrefix}-titre`} gap="sm">
      <Title order={2} id={`${idPrefix}-titre`}>
        Journal de suivi
      </Title>
      <Tabs value={tab} onChange={(value) => value && setTab(value)} keepMounted={false} id={`${idPrefix}-tabs`}>
        <Tabs.List aria-label="Journal de suivi">
          {JOURNAL_TABS.map((item) => (
            <Tabs.Tab key={item.value} value={item.value}>
              {item.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {JOURNAL_TABS.map(({ value, Panel }) => (
          <Tabs.Panel key={value} value={value} pt="md">
            <Panel parcours={parcours} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
