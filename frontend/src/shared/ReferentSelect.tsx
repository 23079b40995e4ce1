// « Nouveau référent »: a choice among the counsellors who work in every given structure (those
// of the parcours reassigned), named by their full name or else their e-mail.
import type { ReactNode } from "react";
import { Select } from "@mantine/core";
import { useCounsellors } from "../api/queries";
import type { Counsellor } from "../api/types";

export function counsellorName(counsellor: Pick<Counsellor, "full_name" | "email">): string {
  return counsellor.full_name || counsellor.email;
}

export function ReferentSelect({
  structures,
  excluded,
  value,
  onChange,
  emptyMessage,
  error,
}: {
  /** The structures the counsellor must work in, all of them. */
  structures: readonly number[];
  /** A counsellor not offered (the current referent). */
  excluded?: number;
  value: string | null;
  /** The id chosen (as a string), and that counsellor. */
  onChange: (value: string | null, counsellor: Counsellor | null) => void;
  /** Said when no counsellor fits. */
  emptyMessage: string;
  error?: ReactNode;
}) {
  const counsellors = useCounsellors();
  const eligible = (counsellors.data ?? []).filter(
    (counsellor) =>
      structures.every((structure) => counsellor.structures.includes(structure)) && counsellor.id !== excluded,
  );
  const options = eligible.map((counsellor) => ({ value: String(counsellor.id), label: counsellorName(counsellor) }));
  return (
    <Select
      label="Nouveau référent"
      placeholder={counsellors.isPending ? "Chargement…" : "Choisissez un·e accompagnateur·rice"}
      data={options}
      value={value}
      onChange={(chosen) => onChange(chosen, eligible.find((counsellor) => String(counsellor.id) === chosen) ?? null)}
      searchable
      withAsterisk
      nothingFoundMessage={counsellors.isError ? "La liste n'a pas pu être chargée." : emptyMessage}
      error={error}
    />
  );
}
