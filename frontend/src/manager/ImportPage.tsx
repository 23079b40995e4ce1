// Placeholder, replaced below.
export function ImportPage() {
  return null;
}
