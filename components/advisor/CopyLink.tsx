"use client";

import { useState } from "react";

/**
 * A read-only link field with a copy button (falls back to selecting the text for Ctrl+C), and a
 * status (announced) beside the button that says which happened.
 */
export function CopyLink({ url, label }: { url: string; label: string }) {
  const [copied, setCopied] = useState<"" | "copied" | "select">("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("copied");
    } catch {
      (document.getElementById("share-url") as HTMLInputElement | null)?.select();
      setCopied("select");
    }
  };
  return (
    <div className="adv-copy">
      <label htmlFor="share-url">{label}</label>
      <div className="adv-copy-row">
        <input id="share-url" type="text" readOnly value={url} onFocus={(e) => e.target.select()} data-testid="share-url" />
        <button type="button" className="secondary" onClick={copy}>
          Copy link
        </button>
        <a href={url}>Open</a>
        {/* Its place is kept while it is empty, so nothing moves when the message appears. */}
        <span className="muted adv-copy-status" role="status">
          {copied === "copied" ? "Copied to the clipboard." : copied === "select" ? "Press Ctrl+C (⌘C) to copy." : ""}
        </span>
      </div>
    </div>
  );
}
