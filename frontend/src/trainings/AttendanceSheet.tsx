// The session page's "Feuille de présence" (feuille d'émargement): one day's sheet (today by
// default, in the training body's zone as the server says it), a line per person accepted or in
// training with Présent·e / Absent·e / Excusé·e, saved all at once. Marking present someone
// accepted is their entry into training, so the enrolments are read again after a save.
import { useState, type FormEvent } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Badge, Button, Group, Paper, Radio, Stack, Text, TextInput, Title } from "@mantine/core";
import { api, unwrap } from "../api/client";
import { toProblem } from "../api/errors";
import type { AttendanceRow, AttendanceSheet, AttendanceStatus, Enrolment, TrainingSession } from "../api/types";
import { formatDate } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { ProblemAlert } from "../placements/ProblemAlert";
import { EnrolmentTransitionButtons } from "./EnrolmentTransitionButtons";
import {
  ATTENDANCE_STATUSES,
  attendanceBounds,
  attendanceRecords,
  attendanceStatusLabel,
  attendanceStatuses,
  defaultAttendanceDay,
  enrolmentStateColor,
  personName,
  trainingKeys,
} from "./trainings";
import { useTrainingsChanged } from "./useTrainingsChanged";

const STATE_LABELS: Record<string, string> = { accepted: "Acceptée", attending: "En formation" };

function useAttendance(sessionId: number, date: string | null, enabled = true) {
  return useQuery({
    queryKey: trainingKeys.attendance(sessionId, date),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/training-sessions/{id}/attendance/", {
          params: { path: { id: sessionId }, query: date ? { date } : {} },
          signal,
        }),
      ),
    enabled,
    // Lines being ticked are kept on screen over a refetch; no need to refetch on every focus.
    refetchOnWindowFocus: false,
  });
}

export function AttendanceSection({
  session,
  enrolments,
  onDone,
}: {
  session: TrainingSession;
  /** Every enrolment of the session (for the drop action of each line). */
  enrolments: readonly Enrolment[];
  onDone: (message: string) => void;
}) {
  const [picked, setPicked] = useState<string | null>(null);
  // Without a date, the server answers with its today (the training body's).
  const current = useAttendance(session.id, null);
  const today = current.data?.date ?? null;
  const day = picked ?? (today ? defaultAttendanceDay(session, today) : null);
  const dated = useAttendance(session.id, day, Boolean(day && today && day !== today));
  const sheet = day !== null && day === today ? current : dated;
  const byId = new Map(enrolments.map((enrolment) => [enrolment.id, enrolment]));
  const accepted = enrolments.filter((enrolment) => enrolment.state === "accepted");

  let body;
  if (current.isPending) {
    body = <Loading label="Chargement de la feuille de présence…" />;
  } else if (current.isError) {
    body = (
      <ErrorAlert
        error={current.error}
        title="La feuille de présence n'a pas pu être chargée"
        onRetry={() => current.refetch()}
      />
    );
  } else if (!attendanceBounds(session, current.data.date).open) {
    body = (
      <Stack gap="sm">
        <Text>La feuille de présence s'ouvre le {formatDate(session.start_date)}.</Text>
        {accepted.length === 0 ? (
          <EmptyState>Aucune inscription acceptée.</EmptyState>
        ) : (
          <Stack gap="sm">
            {accepted.map((enrolment) => (
              <Paper
                component="article"
                aria-labelledby={`presence-${enrolment.id}`}
                withBorder
                p="sm"
                key={enrolment.id}
              >
                <Group justify="space-between" gap="sm">
                  <Text fw={600} id={`presence-${enrolment.id}`}>
                    {personName(enrolment.person)}
                  </Text>
                  <EnrolmentTransitionButtons enrolment={enrolment} onDone={onDone} only={["drop"]} />
                </Group>
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>
    );
  } else {
    const bounds = attendanceBounds(session, current.data.date);
    body = (
      <Stack gap="md">
        <TextInput
          type="date"
          label="Jour de la feuille"
          description={`Du ${formatDate(bounds.min)} au ${formatDate(bounds.max)}`}
          min={bounds.min}
          max={bounds.max}
          value={day ?? ""}
          onChange={(event) => setPicked(event.currentTarget.value || null)}
          w={{ base: "100%", xs: 260 }}
        />
        {!day ? (
          <EmptyState>Choisissez un jour.</EmptyState>
        ) : sheet.isPending ? (
          <Loading label="Chargement de la feuille de présence…" />
        ) : sheet.isError ? (
          <ErrorAlert
            error={sheet.error}
            title="La feuille de présence n'a pas pu être chargée"
            onRetry={() => sheet.refetch()}
          />
        ) : (
          <SheetForm key={sheet.data.date} sessionId={session.id} sheet={sheet.data} byId={byId} onDone={onDone} />
        )}
      </Stack>
    );
  }

  return (
    <Stack component="section" aria-labelledby="section-attendance" gap="sm">
      <Title order={2} id="section-attendance">
        Feuille de présence
      </Title>
      {body}
    </Stack>
  );
}

function SheetForm({
  sessionId,
  sheet,
  byId,
  onDone,
}: {
  sessionId: number;
  sheet: AttendanceSheet;
  byId: ReadonlyMap<number, Enrolment>;
  onDone: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const changed = useTrainingsChanged();
  // What was ticked on screen and not saved yet (a refetch of the sheet keeps it).
  const [chosen, setChosen] = useState<Record<number, AttendanceStatus>>({});
  const [nothing, setNothing] = useState(false);
  const statuses = attendanceStatuses(sheet.rows, chosen);
  const editableRows = sheet.rows.filter((row) => row.editable);
  const locked = !sheet.editable;

  const save = useMutation({
    mutationFn: (records: { enrolment: number; status: AttendanceStatus }[]) =>
      unwrap(
        api.PUT("/api/v1/training-sessions/{id}/attendance/", {
          params: { path: { id: sessionId } },
          body: { date: sheet.date, records },
        }),
      ),
    onSuccess: (saved, records) => {
      queryClient.setQueryData(trainingKeys.attendance(sessionId, saved.date), saved);
      setChosen({});
      // Present marks the entry into training: the enrolments and the seats have changed.
      changed();
      const people = records.length > 1 ? `${records.length} personnes` : "1 personne";
      onDone(`Feuille de présence du ${formatDate(saved.date)} enregistrée : ${people}.`);
    },
  });
  const problem = save.error ? toProblem(save.error) : null;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const records = attendanceRecords(sheet.rows, chosen);
    setNothing(records.length === 0);
    if (records.length > 0) save.mutate(records);
  };
  const allPresent = () => {
    setChosen(Object.fromEntries(editableRows.map((row) => [row.enrolment, "present" as const])));
    setNothing(false);
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label={`Feuille de présence du ${formatDate(sheet.date)}`}>
      <Stack gap="md">
        {locked ? (
          <Text size="sm">Ce jour est hors de la session ou à venir : la feuille ne peut pas être saisie.</Text>
        ) : (
          <Text size="sm" c="gray.8">
            Marquer présente une personne acceptée enregistre son entrée en formation.
          </Text>
        )}
        {sheet.rows.length === 0 ? (
          <EmptyState>Personne n'est inscrit·e sur la feuille de ce jour.</EmptyState>
        ) : (
          <Stack gap="sm">
            {sheet.rows.map((row) => (
              <SheetLine
                key={row.enrolment}
                row={row}
                status={statuses.get(row.enrolment) ?? null}
                disabled={locked || !row.editable || save.isPending}
                enrolment={byId.get(row.enrolment)}
                onChange={(status) => {
                  setChosen((previous) => ({ ...previous, [row.enrolment]: status }));
                  setNothing(false);
                }}
                onDone={onDone}
              />
            ))}
          </Stack>
        )}
        {nothing && (
          <Text size="sm" c="red.9" role="alert">
            Indiquez la présence d'au moins une personne avant d'enregistrer.
          </Text>
        )}
        <ProblemAlert problem={problem} shownFields={[]} title="La feuille de présence n'a pas été enregistrée" />
        {!locked && editableRows.length > 0 && (
          <Group gap="sm">
            <Button variant="default" onClick={allPresent} disabled={save.isPending}>
              Tous présents
            </Button>
            <Button type="submit" loading={save.isPending}>
              Enregistrer la feuille
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

function SheetLine({
  row,
  status,
  disabled,
  enrolment,
  onChange,
  onDone,
}: {
  row: AttendanceRow;
  status: AttendanceStatus | null;
  disabled: boolean;
  enrolment: Enrolment | undefined;
  onChange: (status: AttendanceStatus) => void;
  onDone: (message: string) => void;
}) {
  const name = personName(row.person);
  const stateLabel = enrolment?.state_label ?? STATE_LABELS[row.state] ?? row.state;
  return (
    <Paper component="article" aria-labelledby={`presence-${row.enrolment}`} withBorder p="sm">
      <Group justify="space-between" align="center" gap="sm" wrap="wrap">
        <Stack gap={2}>
          <Group gap="xs">
            <Text fw={600} id={`presence-${row.enrolment}`}>
              {name}
            </Text>
            <Badge variant="filled" color={enrolmentStateColor(row.state)} size="sm">
              {stateLabel}
            </Badge>
          </Group>
          {status === null && (
            <Text size="sm" c="gray.8">
              Non saisi
            </Text>
          )}
        </Stack>
        {row.editable ? (
          <Radio.Group
            aria-labelledby={`presence-${row.enrolment}`}
            value={status ?? ""}
            onChange={(value) => onChange(value as AttendanceStatus)}
          >
            <Group gap="md">
              {ATTENDANCE_STATUSES.map((item) => (
                <Radio key={item.value} value={item.value} label={item.label} disabled={disabled} />
              ))}
            </Group>
          </Radio.Group>
        ) : (
          <Text size="sm">{attendanceStatusLabel(status)}</Text>
        )}
      </Group>
      {enrolment?.state === "accepted" && (
        <Group mt="xs">
          <EnrolmentTransitionButtons enrolment={enrolment} onDone={onDone} only={["drop"]} />
        </Group>
      )}
    </Paper>
  );
}
