/**
 * Citations in a reflowable chapter: the chapter's HTML (library:chapter) gives every block its
 * character range in the chapter text as data-char-start/data-char-end and holds exactly that text,
 * so a range of the chapter text is found by walking each block's text nodes.
 */

/** Wraps the characters [start, end) of the chapter in `<mark class={className}>` through DOM Ranges; returns the marks in order. */
export function markCharRange(root: HTMLElement, start: number, end: number, className: string): HTMLElement[] {
  const marks: HTMLElement[] = [];
  for (const block of root.querySelectorAll<HTMLElement>('[data-char-start]')) {
    const blockStart = Number(block.dataset.charStart);
    const blockEnd = Number(block.dataset.charEnd);
    if (blockEnd <= start || blockStart >= end) continue;
    // Gather first: wrapping splits text nodes under the walker.
    const pieces: Array<{ node: Text; from: number; to: number }> = [];
    const walker = root.ownerDocument.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    let at = blockStart;
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const from = Math.max(start, at);
      const to = Math.min(end, at + node.data.length);
      if (from < to) pieces.push({ node, from: from - at, to: to - at });
      at += node.data.length;
    }
    for (const { node, from, to } of pieces) {
      const range = root.ownerDocument.createRange();
      range.setStart(node, from);
      range.setEnd(node, to);
      const mark = root.ownerDocument.createElement('mark');
      mark.className = className;
      range.surroundContents(mark);
      marks.push(mark);
    }
  }
  return marks;
}

/** Takes the marks out again, leaving their text where it was. */
export function clearMarks(root: HTMLElement, className: string): void {
  for (const mark of root.querySelectorAll(`mark.${className}`)) {
    const parent = mark.parentNode!;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    parent.removeChild(mark);
    parent.normalize();
  }
}

/** The chapter text as far as the blocks hold it (blank lines between blocks), to find a quote when a citation has no range. */
export function chapterText(root: HTMLElement): string {
  let text = '';
  for (const block of root.querySelectorAll<HTMLElement>('[data-char-start]')) {
    text = text.padEnd(Number(block.dataset.charStart), '\n') + (block.textContent ?? '');
  }
  return text;
}

/** The chapter offset of the first block whose bottom is below the top of the scrolled box: where reading has got to. */
export function firstVisibleOffset(root: HTMLElement, box: HTMLElement): number {
  const top = box.getBoundingClientRect().top;
  if (box.scrollTop + box.clientHeight >= box.scrollHeight - 2) {
    const blocks = root.querySelectorAll<HTMLElement>('[data-char-end]');
    return blocks.length > 0 ? Number(blocks[blocks.length - 1]!.dataset.charEnd) : 0;
  }
  for (const block of root.querySelectorAll<HTMLElement>('[data-char-start]')) {
    if (block.getBoundingClientRect().bottom > top + 4) return Number(block.dataset.charStart);
  }
  return 0;
}
