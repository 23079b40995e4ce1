// The server's answer to a refused write, in an Alert: its message (or the errors of fields that
// no input displays) and, for a 409, the reasons.
import { Alert, List, Text } from "@mantine/core";
import { otherFieldMessages, type ApiProblem } from "../api/errors";

export function ProblemAlert({
  problem,
  shownFields,
  title,
}: {
  problem: ApiProblem | null;
  shownFields: readonly string[];
  title: string;
}) {
  if (!problem) return null;
  const others = otherFieldMessages(problem, shownFields);
  const fieldsShown = problem.status === 400 && Object.keys(problem.fieldErrors).length > 0;
  if (others.length === 0 && fieldsShown) return null;
  return (
    <Alert color="red" title={title}>
      <Text size="sm">{others.length > 0 ? others.join(" ") : problem.message}</Text>
      {problem.reasons.length > 0 && (
        <List size="sm" mt="xs">
          {problem.reasons.map((item) => (
            <List.Item key={item}>{item}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
