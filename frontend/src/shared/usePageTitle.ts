// Each page names itself in the browser tab and for screen readers ("Mon portefeuille – Tremplin").
import { useEffect } from "react";

export function usePageTitle(title: string | null | undefined) {
  useEffect(() => {
    document.title = title ? `${title} – Tremplin` : "Tremplin";
  }, [title]);
}
