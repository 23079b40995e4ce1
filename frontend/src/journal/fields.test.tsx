// @vitest-environment jsdom
import { useState } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, screen } from "@testing-library/react";
import type { ApiProblem } from "../api/errors";
import type { Support } from "../api/types";
import { renderWithProviders } from "../test/render";
import { DateField, NoteField, SupportFields } from "./fields";
import { CNIL_REMINDER } from "./journal";
import { JournalDialog, JournalFormEnd, type JournalFormProps } from "./JournalForm";
import { parcours } from "./testData";

afterEach(cleanup);

/** The texts an input is described by (its description, its error). */
function describedBy(input: HTMLElement): string {
  return (input.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .map((id) => document.getElementById(id)?.textContent ?? "")
    .join(" ");
}

describe("DateField", () => {
  it("is a required date input, its value given as a string, its error under it", () => {
    const onChange = vi.fn();
    renderWithProviders(<DateField label="Échéance" value="" onChange={onChange} error="Ce champ est obligatoire." />);
    const input = screen.getByLabelText(/Échéance/) as HTMLInputElement;
    expect(input.type).toBe("date");
    expect(input.required).toBe(false); // the server says what is missing (noValidate forms)
    expect(screen.getByText("*")).toBeTruthy();
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(describedBy(input)).toContain("Ce champ est obligatoire.");
    fireEvent.change(input, { target: { value: "2026-12-01" } });
    expect(onChange).toHaveBeenCalledWith("2026-12-01");
  });

  it("takes a date and time, a description and a latest day", () => {
    renderWithProviders(
      <DateField
        type="datetime-local"
        label="Date et heure"
        description="Heure de la structure (Europe/Paris)."
        max="2026-11-28"
        value="2026-11-28T10:30"
        onChange={() => undefined}
      />,
    );
    const input = screen.getByLabelText(/Date et heure/) as HTMLInputElement;
    expect(input.type).toBe("datetime-local");
    expect(input.value).toBe("2026-11-28T10:30");
    expect(input.max).toBe("2026-11-28");
    expect(describedBy(input)).toContain("Heure de la structure (Europe/Paris).");
  });
});

describe("NoteField", () => {
  it("is described by the CNIL reminder and gives its text", () => {
    const onChange = vi.fn();
    renderWithProviders(<NoteField value="" onChange={onChange} />);
    const note = screen.getByLabelText("Note") as HTMLTextAreaElement;
    expect(note.tagName).toBe("TEXTAREA");
    expect(note.maxLength).toBe(10000);
    expect(describedBy(note)).toContain(CNIL_REMINDER);
    fireEvent.change(note, { target: { value: "Entretien." } });
    expect(onChange).toHaveBeenCalledWith("Entretien.");
  });
});

describe("SupportFields", () => {
  function Support({ description }: { description?: string }) {
    const [support, setSupport] = useState<Support>("internal");
    const [supportBy, setSupportBy] = useState("");
    return (
      <SupportFields
        support={support}
        onSupportChange={setSupport}
        supportBy={supportBy}
        onSupportByChange={setSupportBy}
        supportByDescription={description}
        fieldError={(field) => (field === "support_by" ? "Indiquez le partenaire." : undefined)}
      />
    );
  }

  it("asks « Par qui » only for a partner's support", () => {
    renderWithProviders(<Support description="Le partenaire qui accompagne ce frein." />);
    expect(screen.getByRole("radiogroup", { name: "Accompagnement" })).toBeTruthy();
    expect((screen.getByLabelText("Interne (la structure)") as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByLabelText("Par qui")).toBeNull();

    fireEvent.click(screen.getByLabelText("Externe (un partenaire)"));
    const by = screen.getByLabelText("Par qui") as HTMLInputElement;
    expect(describedBy(by)).toContain("Le partenaire qui accompagne ce frein.");
    expect(describedBy(by)).toContain("Indiquez le partenaire.");
    fireEvent.change(by, { target: { value: "Mission locale" } });
    expect(by.value).toBe("Mission locale");

    fireEvent.click(screen.getByLabelText("Interne (la structure)"));
    expect(screen.queryByLabelText("Par qui")).toBeNull();
  });
});

describe("JournalFormEnd", () => {
  const problem: ApiProblem = { status: 400, code: "invalid", message: "Requête invalide.", fieldErrors: { other: ["Refusé."] }, reasons: [] };

  it("shows the errors no input shows, « Annuler » and the submit button", () => {
    const onCancel = vi.fn();
    renderWithProviders(
      <JournalFormEnd
        problem={problem}
        shownFields={["note"]}
        problemTitle="Le suivi n'a pas été enregistré"
        submitLabel="Enregistrer"
        pending={false}
        onCancel={onCancel}
      />,
    );
    expect(screen.getByText("Le suivi n'a pas été enregistré")).toBeTruthy();
    expect(screen.getByText("Refusé.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Annuler" }));
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect((screen.getByRole("button", { name: "Enregistrer" }) as HTMLButtonElement).type).toBe("submit");
  });

  it("has no « Annuler » for a form that stays", () => {
    renderWithProviders(<JournalFormEnd problem={null} shownFields={[]} problemTitle="x" submitLabel="Ajouter" pending={false} />);
    expect(screen.queryByRole("button", { name: "Annuler" })).toBeNull();
    expect(screen.queryByText("x")).toBeNull();
    expect((screen.getByRole("button", { name: "Ajouter" }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("holds « Annuler » while saving", () => {
    renderWithProviders(
      <JournalFormEnd problem={null} shownFields={[]} problemTitle="x" submitLabel="Ajouter" pending onCancel={() => undefined} />,
    );
    expect((screen.getByRole("button", { name: "Annuler" }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe("JournalDialog", () => {
  function Form({ parcours: { id }, onCancel, onDone }: JournalFormProps<string>) {
    const [text, setText] = useState("");
    return (
      <form aria-label="Formulaire">
        <input aria-label="Texte" value={text} onChange={(event) => setText(event.currentTarget.value)} />
        <button type="button" onClick={() => onDone(`${id}:${text}`)}>
          Ajouter
        </button>
        <button type="button" onClick={onCancel}>
          Annuler
        </button>
      </form>
    );
  }

  it("holds its form only while open, a fresh one each time; « Annuler » closes it", () => {
    const onDone = vi.fn();
    function Page() {
      const [opened, setOpened] = useState(false);
      return (
        <>
          <button type="button" onClick={() => setOpened(true)}>
            Ouvrir
          </button>
          <JournalDialog
            opened={opened}
            onClose={() => setOpened(false)}
            onDone={onDone}
            parcours={parcours}
            title="Ajouter un essai"
            form={Form}
          />
        </>
      );
    }
    renderWithProviders(<Page />);
    expect(screen.queryByRole("form")).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Ouvrir" }));
    expect(screen.getByRole("dialog", { name: "Ajouter un essai" })).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Texte"), { target: { value: "a" } });
    fireEvent.click(screen.getByRole("button", { name: "Ajouter" }));
    expect(onDone).toHaveBeenCalledWith(`${parcours.id}:a`);
    fireEvent.click(screen.getByRole("button", { name: "Annuler" }));
    expect(screen.queryByRole("form")).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Ouvrir" }));
    expect((screen.getByLabelText("Texte") as HTMLInputElement).value).toBe("");
  });
});
