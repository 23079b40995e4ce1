// The barriers' dialogs: "Ajouter un frein" (a type from the reference list, the support and by
// whom, the day it was identified) and "Changer l'état" (PATCH with the version it was read at).
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { NativeSelect, Radio, Stack, Text } from "@mantine/core";
import { api, unwrap } from "../api/client";
import type { Barrier, BarrierStatus, Support } from "../api/types";
import { AppModal } from "../shared/AppModal";
import { todayInTimeZone } from "../shared/dates";
import { ErrorAlert } from "../shared/feedback";
import { DateField, SupportFields } from "./fields";
import { BARRIER_STATUSES, journalKeys, nextBarrierStatus } from "./journal";
import { JournalDialog, JournalDialogForm, useJournalWrite, type JournalDialogProps, type JournalFormProps } from "./JournalForm";
import { writtenEntry } from "./shared";

export const ADD_BARRIER_TITLE = "Ajouter un frein";
export const BARRIER_STALE_MESSAGE = "Ce frein a été modifié entre-temps";

export function useBarrierTypes(enabled = true) {
  return useQuery({
    queryKey: journalKeys.barrierTypes,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/barrier-types/", { signal })),
    staleTime: 10 * 60 * 1000,
    enabled,
  });
}

export function AddBarrierDialog(props: JournalDialogProps<Barrier>) {
  return <JournalDialog {...props} title={ADD_BARRIER_TITLE} form={AddBarrierForm} />;
}

function AddBarrierForm({ parcours, onCancel, onDone }: JournalFormProps<Barrier>) {
  const today = todayInTimeZone(parcours.structure.time_zone);
  const types = useBarrierTypes();
  const [type, setType] = useState("");
  const [support, setSupport] = useState<Support>("internal");
  const [supportBy, setSupportBy] = useState("");
  const [identifiedOn, setIdentifiedOn] = useState(today);
  const write = useJournalWrite(
    () =>
      writtenEntry<Barrier>(
        api.POST("/api/v1/barriers/", {
          body: {
            parcours: parcours.id,
            type,
            status: "identified",
            support,
            support_by: support === "external" ? supportBy.trim() : "",
            identified_on: identifiedOn,
          },
        }),
      ),
    onDone,
  );
  const { fieldError } = write;

  return (
    <JournalDialogForm
      write={write}
      onCancel={onCancel}
      submitLabel="Ajouter"
      shownFields={["type", "support", "support_by", "identified_on"]}
      problemTitle="Le frein n'a pas été ajouté"
    >
      {types.isError ? (
        <ErrorAlert
          error={types.error}
          title="La liste des freins n'a pas pu être chargée"
          onRetry={() => types.refetch()}
        />
      ) : (
        <NativeSelect
          label="Frein"
          withAsterisk
          disabled={types.isPending}
          data={[
            { value: "", label: types.isPending ? "Chargement…" : "Choisir un frein" },
            ...(types.data ?? []).map((item) => ({ value: item.code, label: item.label })),
          ]}
          value={type}
          onChange={(event) => setType(event.currentTarget.value)}
          error={fieldError("type")}
        />
      )}
      <SupportFields
        support={support}
        onSupportChange={setSupport}
        supportBy={supportBy}
        onSupportByChange={setSupportBy}
        supportByDescription="Le partenaire qui accompagne ce frein."
        fieldError={fieldError}
      />
      <DateField
        label="Repéré le"
        max={today}
        value={identifiedOn}
        onChange={setIdentifiedOn}
        error={fieldError("identified_on")}
      />
    </JournalDialogForm>
  );
}

export function BarrierStatusDialog({
  barrier,
  onClose,
  onDone,
}: {
  /** The barrier as last read (its version is sent); null: closed. */
  barrier: Barrier | null;
  onClose: () => void;
  onDone: (updated: Barrier) => void;
}) {
  return (
    <AppModal opened={barrier !== null} onClose={onClose} title="Changer l'état du frein">
      {barrier && <StatusForm key={barrier.id} barrier={barrier} onCancel={onClose} onDone={onDone} />}
    </AppModal>
  );
}

function StatusForm({
  barrier,
  onCancel,
  onDone,
}: {
  barrier: Barrier;
  onCancel: () => void;
  onDone: (updated: Barrier) => void;
}) {
  const [status, setStatus] = useState<BarrierStatus>(nextBarrierStatus(barrier.status) ?? barrier.status ?? "identified");
  const [support, setSupport] = useState<Support>(barrier.support ?? "internal");
  const [supportBy, setSupportBy] = useState(barrier.support_by ?? "");
  const write = useJournalWrite(
    () =>
      writtenEntry<Barrier>(
        api.PATCH("/api/v1/barriers/{id}/", {
          params: { path: { id: barrier.id } },
          body: {
            version: barrier.version ?? 1,
            status,
            support,
            support_by: support === "external" ? supportBy.trim() : "",
          },
        }),
      ),
    onDone,
    { versioned: true },
  );
  const { fieldError } = write;

  return (
    <JournalDialogForm
      write={write}
      onCancel={onCancel}
      submitLabel="Enregistrer"
      shownFields={["status", "support", "support_by"]}
      problemTitle="Le frein n'a pas été mis à jour"
      staleAlert={{
        title: BARRIER_STALE_MESSAGE,
        message: "Il a été rechargé : vérifiez son état, puis enregistrez à nouveau.",
      }}
    >
      <Text fw={600}>{barrier.type_label}</Text>
      <Text size="sm">État actuel : {barrier.status_label}</Text>
      <Radio.Group
        label="Nouvel état"
        value={status}
        onChange={(value) => setStatus(value as BarrierStatus)}
        error={fieldError("status")}
      >
        <Stack gap={6} mt="xs">
          {BARRIER_STATUSES.map((item) => (
            <Radio key={item.value} value={item.value} label={item.label} />
          ))}
        </Stack>
      </Radio.Group>
      <SupportFields
        support={support}
        onSupportChange={setSupport}
        supportBy={supportBy}
        onSupportByChange={setSupportBy}
        fieldError={fieldError}
      />
    </JournalDialogForm>
  );
}
