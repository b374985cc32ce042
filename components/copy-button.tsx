"use client";

import { useState } from "react";

/** Copies `text` to the clipboard and says so for a moment. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // Clipboard access refused (insecure origin, permissions): the text stays selectable.
    }
  }
  return (
    <button type="button" className="button button-small" onClick={copy} aria-live="polite">
      {copied ? "Copied" : label}
    </button>
  );
}
