// Sample audit entries and persons due for anonymisation, for the privacy tests.
import type { AuditEntry, RetentionDue } from "../api/types";

export function auditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: 1,
    timestamp: "2026-11-20T14:05:00+01:00",
    event: "read",
    event_label: "Consultation",
    actor: { id: 5, name: "Claire Martin", email: "cip1@rhone.demo" },
    object_type: "personne",
    object_id: "112",
    object: "personne n° 112",
    structure: 1,
    person: 112,
    parcours: null,
    changes: null,
    details: { view: "person" },
    request_id: "abc",
    ...overrides,
  };
}

export function due(id: number, name: [string, string], overrides: Partial<RetentionDue> = {}): RetentionDue {
  return {
    person: { id, first_name: name[0], last_name: name[1] },
    structure: 1,
    last_exit: "2024-12-15",
    last_activity: "2025-01-10T09:00:00+01:00",
    due_on: "2027-01-10",
    ...overrides,
  };
}
