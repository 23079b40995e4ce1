// /connexion: email and password; afterwards, back to the page asked for (?suivant=) or home.
import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearchParams } from "react-router";
import { Alert, Box, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { api, unwrap } from "../api/client";
import { otherFieldMessages, toProblem } from "../api/errors";
import { meQueryKey } from "./me";
import { safeNextPath } from "./next";
import { usePageTitle } from "../shared/usePageTitle";

const REQUIRED = "Ce champ est obligatoire.";

export function LoginPage() {
  usePageTitle("Connexion");
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [missing, setMissing] = useState<{ email?: string; password?: string }>({});

  const login = useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      unwrap(api.POST("/api/v1/auth/login/", { body })),
    onSuccess: (me) => {
      // Another user may have been logged in before: start from a clean cache.
      queryClient.clear();
      queryClient.setQueryData(meQueryKey, me);
      navigate(safeNextPath(searchParams.get("suivant")) ?? "/", { replace: true });
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const errors = { email: email.trim() ? undefined : REQUIRED, password: password ? undefined : REQUIRED };
    setMissing(errors);
    if (errors.email || errors.password) return;
    login.mutate({ email: email.trim(), password });
  };

  const problem = login.error ? toProblem(login.error) : null;
  const fieldError = (field: "email" | "password") =>
    missing[field] ?? problem?.fieldErrors[field]?.join(" ") ?? undefined;
  const alertMessages = problem
    ? (() => {
        const others = otherFieldMessages(problem, ["email", "password"]);
        return others.length > 0 ? others : Object.keys(problem.fieldErrors).length > 0 ? [] : [problem.message];
      })()
    : [];
  const expired = searchParams.has("suivant") && !problem;

  return (
    <Box component="main" mih="100vh" p="md" bg="gray.0" style={{ display: "grid", placeItems: "center" }}>
      <Paper withBorder shadow="sm" radius="md" p="xl" w="100%" maw={420}>
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="md">
            <div>
              <Title order={1}>Tremplin</Title>
              <Text c="gray.7">Connexion à votre espace</Text>
            </div>
            {expired && (
              <Text size="sm" c="gray.8">
                Connectez-vous pour continuer : votre session a peut-être expiré.
              </Text>
            )}
            {alertMessages.length > 0 && (
              <Alert color="red" role="alert" title="Connexion impossible">
                {alertMessages.join(" ")}
              </Alert>
            )}
            <TextInput
              label="Adresse e-mail"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={fieldError("email")}
              withAsterisk
              autoFocus
            />
            <PasswordInput
              label="Mot de passe"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              error={fieldError("password")}
              withAsterisk
              visibilityToggleButtonProps={{ "aria-label": "Afficher ou masquer la saisie" }}
            />
            <Button type="submit" loading={login.isPending} fullWidth>
              Se connecter
            </Button>
          </Stack>
        </form>
      </Paper>
    </Box>
  );
}
