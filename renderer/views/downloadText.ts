/** Saves text as a file through the browser's download (a Blob and an `a[download]`), in web mode and the desktop app alike. */
export function downloadText(content: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference by now; a later tick keeps slow browsers safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
