// The page shown of a list whose page is not in the URL (a section of a larger page): page 1 at
// first, and page 1 again whenever `resetKey` changes (other filters, other rows). The reset happens
// during the render that sees the new key (not in an effect after it), so that the list is never
// asked for the old page with the new filters.
import { useState } from "react";

export function usePage(resetKey?: unknown): [number, (page: number) => void] {
  const [page, setPage] = useState(1);
  const [key, setKey] = useState(resetKey);
  if (!Object.is(key, resetKey)) {
    setKey(resetKey);
    setPage(1);
    return [1, setPage];
  }
  return [page, setPage];
}
