// The page shown of a list whose page is not in the URL (a section of a larger page): page 1 at
// first, and page 1 again whenever `resetKey` changes (other filters, other rows).
import { useEffect, useState } from "react";

export function usePage(resetKey?: unknown): [number, (page: number) => void] {
  const [page, setPage] = useState(1);
  useEffect(() => {
    setPage(1);
  }, [resetKey]);
  return [page, setPage];
}
