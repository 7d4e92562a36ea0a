/** What the tray and the inspector show: read back from the OS, never from a stored flag. */
export interface LoginItemState {
  enabled: boolean;
  /** Why it is off although an entry exists, or what the OS still wants ("needs approval"); null when plain. */
  detail: string | null;
  /** Where the entry lives (the .desktop file on Linux), for the inspector and error messages. */
  location: string | null;
}

export type LoginItemResult = { ok: true; state: LoginItemState } | { ok: false; code: string; message: string; hint: string };

export interface LoginItem {
  readonly supported: boolean;
  getState(): Promise<LoginItemState>;
  setEnabled(enabled: boolean): Promise<LoginItemResult>;
}

/** The argument the app reads at startup to go straight to the tray without opening a window. */
export const HIDDEN_ARG = '--hidden';
