// In charge of what every dashboard view gets from the shell, and what the shell needs of a view.
import type { AdminApi } from "./api.ts";

export interface AppContext {
  api: AdminApi;
  /** Where the browser reached ccproxy; client settings are written against it. */
  origin: string;
  /** Shows another tab (and puts it in the address bar, so reload and back work). */
  navigate(view: ViewId, params?: Record<string, string>): void;
  /** Tells the shell the active group changed (the header shows it). */
  activeGroupChanged(group: string): void;
}

export type ViewId = "overview" | "groups" | "keys" | "providers" | "connect";

export interface View {
  id: ViewId;
  label: string;
  /** The tab panel; the shell places it and toggles it. */
  panel: HTMLElement;
  /** Called each time the tab is shown (reload data, start polling). */
  show(params: URLSearchParams): void;
  /** Called when another tab is shown (stop polling). */
  hide(): void;
}
