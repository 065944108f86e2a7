/** Shared by both hosts: an anchor with `download` is the one way to save a URL without reading it into memory. */
export function downloadWithAnchor(document: Document, url: string, fileName: string): void {
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}
