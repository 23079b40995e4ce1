// The field blocks the journal's forms share: a required date or date-and-time, the note with the
// CNIL reminder, and how a barrier is supported (« Accompagnement », then « Par qui » for a partner).
import type { ReactNode } from "react";
import { Group, Radio, Text, TextInput, Textarea } from "@mantine/core";
import type { Support } from "../api/types";
import { CNIL_REMINDER, SUPPORTS } from "./journal";

/** A required date ("date") or date and time ("datetime-local", the structure's wall clock). */
export function DateField({
  type = "date",
  label,
  description,
  max,
  value,
  onChange,
  error,
}: {
  type?: "date" | "datetime-local";
  label: string;
  description?: ReactNode;
  max?: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  return (
    <TextInput
      type={type}
      label={label}
      description={description}
      withAsterisk
      max={max}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={error}
    />
  );
}

/** « Note », with the CNIL reminder (facts only) between the label and the input. */
export function NoteField({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
}) {
  return (
    <Textarea
      label="Note"
      description={
        <Text span size="sm" fw={500} c="gray.9">
          {CNIL_REMINDER}
        </Text>
      }
      inputWrapperOrder={["label", "description", "input", "error"]}
      autosize
      minRows={3}
      maxRows={10}
      maxLength={10000}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={error}
    />
  );
}

/** « Accompagnement » (internal or a partner) and, for a partner, « Par qui ». */
export function SupportFields({
  support,
  onSupportChange,
  supportBy,
  onSupportByChange,
  supportByDescription,
  fieldError,
}: {
  support: Support;
  onSupportChange: (support: Support) => void;
  supportBy: string;
  onSupportByChange: (supportBy: string) => void;
  supportByDescription?: string;
  fieldError: (field: string) => string | undefined;
}) {
  return (
    <>
      <Radio.Group
        label="Accompagnement"
        value={support}
        onChange={(value) => onSupportChange(value as Support)}
        error={fieldError("support")}
      >
        <Group gap="lg" mt="xs">
          {SUPPORTS.map((item) => (
            <Radio key={item.value} value={item.value} label={item.label} />
          ))}
        </Group>
      </Radio.Group>
      {support === "external" && (
        <TextInput
          label="Par qui"
          description={supportByDescription}
          maxLength={200}
          value={supportBy}
          onChange={(event) => onSupportByChange(event.currentTarget.value)}
          error={fieldError("support_by")}
        />
      )}
    </>
  );
}
