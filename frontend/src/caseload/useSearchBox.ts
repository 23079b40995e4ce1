// The search box of the caseload: what is typed goes to the URL after a pause (debounced), and a
// URL changed from elsewhere (back/forward, a link, "clear the filters") refills the box.
import { useEffect, useRef, useState } from "react";
import { useDebouncedCallback } from "@mantine/hooks";

export function useSearchBox(urlValue: string, commit: (value: string) => void, delay = 300) {
  const [input, setInput] = useState(urlValue);
  // The last value sent to the URL (or read from it): tells our own updates from the others.
  const committed = useRef(urlValue);

  const debouncedCommit = useDebouncedCallback((value: string) => {
    if (value.trim() === committed.current.trim()) return;
    committed.current = value;
    commit(value);
  }, delay);

  useEffect(() => {
    if (urlValue.trim() !== committed.current.trim()) {
      debouncedCommit.cancel(); // typing in progress belonged to the page we left
      committed.current = urlValue;
      setInput(urlValue);
    }
  }, [urlValue, debouncedCommit]);

  const onChange = (value: string) => {
    setInput(value);
    debouncedCommit(value);
  };
  return [input, onChange] as const;
}
