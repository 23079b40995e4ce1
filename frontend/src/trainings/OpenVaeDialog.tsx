// "Ouvrir une VAE (DEAS)": the certifier (optional) and a comment; POST /vae-applications/.
// Blocs validated in an earlier VAE are carried over by the server.
import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { Button, Group, Stack, Text, TextInput, Textarea } from "@mantine/core";
import { api, unwrap } from "../api/client";
import { toProblem } from "../api/errors";
import { AppModal } from "../shared/AppModal";
import { ProblemAlert } from "../placements/ProblemAlert";
import { VAE_CERTIFICATION } from "./trainings";
import { useTrainingsChanged } from "./useTrainingsChanged";

export const OPEN_VAE_TITLE = `Ouvrir une VAE (${VAE_CERTIFICATION})`;

export function OpenVaeDialog({
  parcoursId,
  opened,
  onClose,
  onDone,
}: {
  parcoursId: number;
  opened: boolean;
  onClose: () => void;
  onDone: () => void;
}) {
  return (
    <AppModal opened={opened} onClose={onClose} title={OPEN_VAE_TITLE}>
      {opened && <OpenForm parcoursId={parcoursId} onCancel={onClose} onDone={onDone} />}
    </AppModal>
  );
}

function OpenForm({ parcoursId, onCancel, onDone }: { parcoursId: number; onCancel: () => void; onDone: () => void }) {
  const [certifier, setCertifier] = useState("");
  const [comment, setComment] = useState("");
  const changed = useTrainingsChanged();
  const open = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/vae-applications/", {
          body: { parcours: parcoursId, certification: VAE_CERTIFICATION, certifier: certifier.trim(), comment },
        }),
      ),
    onSuccess: () => {
      changed(parcoursId);
      onDone();
    },
  });
  const problem = open.error ? toProblem(open.error) : null;
  const fieldError = (field: string) => problem?.fieldErrors[field]?.join(" ") || undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    open.mutate();
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        <Text>
          Un projet de validation des acquis de l'expérience vers le diplôme d'État d'aide-soignant (DEAS). Les blocs
          déjà validés lors d'une VAE précédente restent acquis.
        </Text>
        <TextInput
          label="Certificateur"
          description="Facultatif : il pourra être indiqué au dépôt du dossier de faisabilité."
          maxLength={200}
          value={certifier}
          onChange={(event) => setCertifier(event.currentTarget.value)}
          error={fieldError("certifier")}
        />
        <Textarea
          label="Commentaire"
          autosize
          minRows={2}
          maxRows={6}
          maxLength={2000}
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          error={fieldError("comment")}
        />
        <ProblemAlert
          problem={problem}
          shownFields={["certifier", "comment"]}
          title={problem?.status === 409 ? "Ouverture impossible" : "La VAE n'a pas été ouverte"}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} disabled={open.isPending}>
            Annuler
          </Button>
          <Button type="submit" loading={open.isPending}>
            Ouvrir la VAE
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
