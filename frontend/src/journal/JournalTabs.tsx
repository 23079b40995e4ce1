// The parcours page's follow-up journal, in tabs: Suivi, Freins, Plan d'action, Rendez-vous and
// Chronologie, for counsellors and managers; « Accès au dossier » (the audit trail of the person and
// the right-of-access export) for the managers of the parcours' structure only. Only the open tab is
// mounted (and loads its lists).
import { useId, useState } from "react";
import { Stack, Tabs, Title } from "@mantine/core";
import type { Me, Parcours } from "../api/types";
import { useMe } from "../auth/me";
import { isManagerOf, worksOnParcours } from "../auth/roles";
import { AccessTab } from "../privacy/AccessTab";
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

/** For the managers of the parcours' structure (the API refuses the export to anyone else). */
export const ACCESS_TAB = { value: "acces", label: "Accès au dossier", Panel: AccessTab } as const;

export type JournalTab = (typeof JOURNAL_TABS)[number]["value"] | typeof ACCESS_TAB.value;

/** The tabs this user sees on this parcours. */
export function journalTabs(me: Me, parcours: Parcours) {
  return isManagerOf(me, parcours.structure.id) ? [...JOURNAL_TABS, ACCESS_TAB] : [...JOURNAL_TABS];
}

export function JournalTabs({ parcours, initialTab = "suivi" }: { parcours: Parcours; initialTab?: JournalTab }) {
  const idPrefix = useId();
  const me = useMe();
  const tabs = journalTabs(me, parcours);
  const [tab, setTab] = useState<string>(tabs.some((item) => item.value === initialTab) ? initialTab : "suivi");
  // The journal is the staff's (counsellors and managers); the API refuses it to anyone else.
  if (!worksOnParcours(me)) return null;

  return (
    <Stack component="section" aria-labelledby={`${idPrefix}-titre`} gap="sm">
      <Title order={2} id={`${idPrefix}-titre`}>
        Journal de suivi
      </Title>
      <Tabs value={tab} onChange={(value) => value && setTab(value)} keepMounted={false} id={`${idPrefix}-tabs`}>
        <Tabs.List aria-label="Journal de suivi">
          {tabs.map((item) => (
            <Tabs.Tab key={item.value} value={item.value}>
              {item.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map(({ value, Panel }) => (
          <Tabs.Panel key={value} value={value} pt="md">
            <Panel parcours={parcours} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  );
}
