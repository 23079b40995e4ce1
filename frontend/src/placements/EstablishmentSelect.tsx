// The establishment of a proposal, searched on the server: a structure may work with more
// establishments than a page holds, so the select sends what is typed (debounced) as ?search=
// (name, employer, city, postal code) and lists the first matches; the empty search lists the
// first establishments without typing. The chosen one stays shown even once it is no longer in
// the results of the current search.
import { useMemo, useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Loader, Select, Stack, Text, type ComboboxItem, type OptionsFilter } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { api, unwrap } from "../api/client";
import { toProblem } from "../api/errors";
import type { Establishment } from "../api/types";

/** The pause after typing before the search is sent (ms). */
export const ESTABLISHMENT_SEARCH_DELAY = 250;
/** Establishments listed per search. */
export const ESTABLISHMENT_PAGE_SIZE = 20;

export const establishmentKeys = {
  search: (term: string) => ["establishments", "search", term] as const,
};

export function useEstablishmentSearch(term: string) {
  return useQuery({
    queryKey: establishmentKeys.search(term),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/establishments/", {
          params: { query: { page_size: ESTABLISHMENT_PAGE_SIZE, ...(term ? { search: term } : {}) } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    staleTime: 60 * 1000,
  });
}

export function establishmentLabel(establishment: Pick<Establishment, "name" | "employer">): string {
  return `${establishment.name} (${establishment.employer.name})`;
}

/** The server has already filtered the options: Mantine must not filter them again on the label
 * (a match on the postal code or the city would be hidden). */
const serverFiltered: OptionsFilter = ({ options }) => options;

type EstablishmentItem = ComboboxItem & { establishment: Establishment };

export function EstablishmentSelect({
  value,
  onChange,
  error,
}: {
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string;
}) {
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState<Establishment | null>(null);
  const selected = chosen && String(chosen.id) === value ? chosen : null;
  // Once an establishment is chosen the input shows its label: that is not a search.
  const term = selected && search === establishmentLabel(selected) ? "" : search.trim();
  const [debouncedTerm] = useDebouncedValue(term, ESTABLISHMENT_SEARCH_DELAY);
  const establishments = useEstablishmentSearch(debouncedTerm);
  const results = establishments.data?.results;

  const items = useMemo(() => {
    const items: EstablishmentItem[] = (results ?? []).map((establishment) => ({
      value: String(establishment.id),
      label: establishmentLabel(establishment),
      establishment,
    }));
    // Keeps the chosen establishment among the options (hence displayed) when no search is typed.
    if (selected && term === "" && !items.some((item) => item.value === String(selected.id))) {
      items.unshift({ value: String(selected.id), label: establishmentLabel(selected), establishment: selected });
    }
    return items;
  }, [results, selected, term]);
  const byValue = new Map(items.map((item) => [item.value, item.establishment]));

  const searching = establishments.isFetching || term !== debouncedTerm;
  const nothingFound = establishments.isError
    ? "La liste des établissements n'a pas pu être chargée."
    : establishments.isPending || (searching && items.length === 0)
      ? "Recherche des établissements…"
      : "Aucun établissement trouvé";

  return (
    <>
      <Select
        label="Établissement"
        placeholder={establishments.isPending ? "Chargement des établissements…" : "Rechercher un établissement"}
        description="Nom, employeur, commune ou code postal"
        data={items}
        value={value}
        onChange={(next) => {
          setChosen(next ? (byValue.get(next) ?? null) : null);
          onChange(next);
        }}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        filter={serverFiltered}
        withAsterisk
        nothingFoundMessage={nothingFound}
        rightSection={establishments.isFetching ? <Loader size="xs" aria-hidden="true" /> : undefined}
        renderOption={({ option }) => {
          const establishment = (option as EstablishmentItem).establishment;
          return (
            <Stack gap={0}>
              <Text size="sm">{option.label}</Text>
              {establishment && (
                <Text size="xs" c="dimmed">
                  {[establishment.postal_code, establishment.city].filter(Boolean).join(" ")}
                </Text>
              )}
            </Stack>
          );
        }}
        error={error}
        maxDropdownHeight={280}
      />
      {establishments.isError && (
        <Text size="sm" c="red.9">
          {toProblem(establishments.error).message}
        </Text>
      )}
      {establishments.isSuccess && !establishments.isPlaceholderData && debouncedTerm === "" && !results?.length && (
        <Text size="sm">Aucun établissement partenaire n'est disponible.</Text>
      )}
    </>
  );
}
