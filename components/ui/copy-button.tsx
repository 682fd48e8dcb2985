'use client';
// Copies a secret shown once (a new API key, an initial password) to the clipboard and says so in a
// live region. Where the Clipboard API is refused (an insecure origin, a denied permission) the text
// is selected instead, so Ctrl+C finishes the job.
import { useState } from 'react';
import { Button } from './button';

export function CopyButton({ text, label = 'Copy', targetId }: { text: string; label?: string; /** The element holding the text, selected as the fallback. */ targetId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'select'>('idle');
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        type="button"
        size="sm"
        variant="secondary"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(text);
            setState('copied');
          } catch {
            const el = targetId ? document.getElementById(targetId) : null;
            if (el) window.getSelection()?.selectAllChildren(el);
            setState('select');
          }
        }}
      >
        {label}
      </Button>
      <span role="status" className="text-xs text-slate-700">
        {state === 'copied' ? 'Copied to the clipboard.' : state === 'select' ? 'Copying is blocked here: the text is selected, press Ctrl+C.' : ''}
      </span>
    </span>
  );
}
