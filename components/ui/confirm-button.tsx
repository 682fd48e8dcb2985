'use client';
// A destructive action asks first: the button opens a modal <dialog> (focus moves into it, Tab stays
// inside, Escape cancels, focus returns to the button) that names what will happen; only "confirm"
// submits the form around the server action.
import { useId, useRef, useState, type ReactNode } from 'react';
import { Button, type ButtonVariant } from './button';

export function ConfirmButton({
  action,
  fields,
  children,
  title,
  description,
  confirmLabel,
  variant = 'ghost',
  ariaLabel,
  className,
}: {
  /** The server action; an `error` it returns is shown in the dialog, which stays open. */
  action: (form: FormData) => Promise<{ error?: string } | void>;
  /** Hidden inputs submitted with the confirmation. */
  fields: Record<string, string>;
  children: ReactNode;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  variant?: ButtonVariant;
  ariaLabel?: string;
  className?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    dialog.current?.close();
    setError(null);
    opener.current?.focus();
  };
  return (
    <>
      <Button ref={opener} variant={variant} size="sm" aria-label={ariaLabel} aria-haspopup="dialog" className={className} onClick={() => dialog.current?.showModal()}>
        {children}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-desc`}
        onClose={() => opener.current?.focus()}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-0 text-left shadow-xl backdrop:bg-slate-900/40"
      >
        <form
          action={async (form) => {
            const result = await action(form);
            if (result?.error) setError(result.error);
            else close();
          }}
          className="space-y-4 p-5"
        >
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <h2 id={`${id}-title`} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          <div id={`${id}-desc`} className="text-sm text-slate-700">
            {description}
          </div>
          {error && (
            <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
              {error}
            </p>
          )}
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="secondary" onClick={close} autoFocus>
              Cancel
            </Button>
            <Button type="submit" variant="danger">
              {confirmLabel}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
