import { AlertDialog } from "radix-ui";
import type { ReactNode } from "react";
import { useFetcher } from "react-router";

/**
 * A button that asks before it posts `intent` to the page's action (Radix's alert dialog: focus
 * trapped, Escape cancels, the question is announced).
 */
export function ConfirmAction({
  label,
  title,
  description,
  intent,
  confirmLabel,
  fields,
}: {
  label: string;
  title: string;
  description: ReactNode;
  intent: string;
  confirmLabel: string;
  /** More fields posted with the intent (e.g. which row). */
  fields?: Record<string, string>;
}) {
  const fetcher = useFetcher();
  const busy = fetcher.state !== "idle";
  return (
    <AlertDialog.Root>
      <AlertDialog.Trigger asChild>
        <button
          type="button"
          disabled={busy}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-60"
        >
          {busy ? `${label}…` : label}
        </button>
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 bg-slate-900/40" />
        <AlertDialog.Content className="fixed top-1/3 left-1/2 w-[28rem] max-w-[90vw] -translate-x-1/2 rounded-lg bg-white p-5 shadow-xl">
          <AlertDialog.Title className="text-lg font-semibold">{title}</AlertDialog.Title>
          <AlertDialog.Description className="mt-2 text-sm text-slate-600">
            {description}
          </AlertDialog.Description>
          <div className="mt-5 flex justify-end gap-2">
            <AlertDialog.Cancel asChild>
              <button type="button" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
                Cancel
              </button>
            </AlertDialog.Cancel>
            <AlertDialog.Action asChild>
              <button
                type="button"
                onClick={() => fetcher.submit({ ...fields, intent }, { method: "post" })}
                className="rounded-md bg-accent px-3 py-1.5 text-sm font-medium text-white"
              >
                {confirmLabel}
              </button>
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
