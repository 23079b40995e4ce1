// "Rendez-vous": the appointments to come (soonest first) and the past ones (latest first), a
// dialog to add one, and the attendance of past ones (venu·e, excusé·e, absent·e), sent with the
// version it was read at.
import { useId, useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { api, unwrap } from "../api/client";
import type { Appointment, Attendance, Parcours } from "../api/types";
import { formatDateTime } from "../shared/dates";
import { EmptyState, ErrorAlert, Loading } from "../shared/feedback";
import { fetchAllPages } from "../shared/paging";
import { TruncatedNotice } from "../shared/ShowMore";
import { AppointmentDialog, ADD_APPOINTMENT_TITLE } from "./AppointmentDialog";
import { ATTENDANCES, attendanceColor, journalKeys, nowInTimeZone, splitAppointments } from "./journal";
import { isStaleWrite, StatusMessage, useJournalChanged, writtenEntry } from "./shared";

export function useAppointments(parcoursId: number) {
  return useQuery({
    queryKey: journalKeys.appointments(parcoursId),
    queryFn: ({ signal }) =>
      fetchAllPages((page, page_size) =>
        unwrap(
          api.GET("/api/v1/appointments/", { params: { query: { parcours: parcoursId, page, page_size } }, signal }),
        ),
      ),
  });
}

export const APPOINTMENT_STALE_MESSAGE = "Ce rendez-vous a été modifié entre-temps : il a été rechargé.";

export function AppointmentsTab({ parcours }: { parcours: Parcours }) {
  const idPrefix = useId();
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const appointments = useAppointments(parcours.id);
  const now = nowInTimeZone(parcours.structure.time_zone);
  const { upcoming, past } = splitAppointments(appointments.data?.results ?? [], now);

  return (
    <Stack gap="md">
      <Group justify="flex-end">
        <Button
          variant="light"
          onClick={() => {
            setMessage(null);
            setAdding(true);
          }}
        >
          {ADD_APPOINTMENT_TITLE}
        </Button>
      </Group>
      <StatusMessage message={message} />
      {appointments.isPending ? (
        <Loading label="Chargement des rendez-vous…" />
      ) : appointments.isError ? (
        <ErrorAlert
          error={appointments.error}
          title="Les rendez-vous n'ont pas pu être chargés"
          onRetry={() => appointments.refetch()}
        />
      ) : (
        <>
          <Stack component="section" aria-labelledby={`${idPrefix}-avenir`} gap="sm">
            <Title order={3} size="h4" id={`${idPrefix}-avenir`}>
              À venir
            </Title>
            {upcoming.length === 0 ? (
              <EmptyState>Aucun rendez-vous à venir.</EmptyState>
            ) : (
              <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
                {upcoming.map((item) => (
                  <AppointmentItem key={item.id} appointment={item} />
                ))}
              </Stack>
            )}
          </Stack>
          <Stack component="section" aria-labelledby={`${idPrefix}-passes`} gap="sm">
            <Title order={3} size="h4" id={`${idPrefix}-passes`}>
              Passés
            </Title>
            {past.length === 0 ? (
              <EmptyState>Aucun rendez-vous passé.</EmptyState>
            ) : (
              <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
                {past.map((item) => (
                  <AppointmentItem key={item.id} appointment={item} past onDone={setMessage} />
                ))}
              </Stack>
            )}
          </Stack>
          {!appointments.data.complete && (
            <TruncatedNotice
              shown={appointments.data.results.length}
              total={appointments.data.count}
              noun="rendez-vous"
            />
          )}
        </>
      )}
      <AppointmentDialog
        parcours={parcours}
        opened={adding}
        onClose={() => setAdding(false)}
        onDone={(created) => {
          setAdding(false);
          setMessage(`Rendez-vous ajouté : ${created.kind_label} le ${formatDateTime(created.starts_at)}.`);
        }}
      />
    </Stack>
  );
}

function AppointmentItem({
  appointment,
  past = false,
  onDone,
}: {
  appointment: Appointment;
  past?: boolean;
  onDone?: (message: string) => void;
}) {
  const idPrefix = useId();
  const changed = useJournalChanged();
  const record = useMutation({
    mutationFn: (attendance: Attendance) =>
      writtenEntry<Appointment>(
        api.PATCH("/api/v1/appointments/{id}/", {
          params: { path: { id: appointment.id } },
          body: { version: appointment.version ?? 1, attendance },
        }),
      ),
    onSuccess: (updated) => {
      changed();
      onDone?.(`Présence enregistrée : ${updated.attendance_label}.`);
    },
    onError: (error) => {
      if (isStaleWrite(error)) changed();
    },
  });
  const label = `${appointment.kind_label} du ${formatDateTime(appointment.starts_at)}`;

  return (
    <Paper component="li" withBorder p="md" aria-labelledby={`${idPrefix}-titre`}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Text fw={600} id={`${idPrefix}-titre`}>
          {label}
        </Text>
        {appointment.attendance ? (
          <Badge variant="filled" color={attendanceColor(appointment.attendance)}>
            {appointment.attendance_label}
          </Badge>
        ) : past ? (
          <Badge variant="outline" color="gray.8">
            Présence non renseignée
          </Badge>
        ) : null}
      </Group>
      {appointment.place && <Text size="sm">Lieu : {appointment.place}</Text>}
      {past && (
        <Stack gap={4} mt="xs">
          <Group gap="xs" role="group" aria-label={`Présence : ${label}`}>
            {ATTENDANCES.map((option) => (
              <Button
                key={option.value}
                size="xs"
                variant={appointment.attendance === option.value ? "filled" : "default"}
                aria-pressed={appointment.attendance === option.value}
                loading={record.isPending && record.variables === option.value}
                disabled={record.isPending}
                onClick={() => record.mutate(option.value)}
              >
                {option.label}
              </Button>
            ))}
          </Group>
          {record.isError && (
            <Text size="sm" c="red.9" role="alert">
              {isStaleWrite(record.error)
                ? APPOINTMENT_STALE_MESSAGE
                : `La présence n'a pas été enregistrée : ${
                    record.error instanceof Error ? record.error.message : "erreur inconnue"
                  }`}
            </Text>
          )}
        </Stack>
      )}
    </Paper>
  );
}
