// In charge of reporting lossy conversions instead of hiding or throwing them.
export interface Warning {
  /** What was dropped or changed, e.g. "logit_bias", "tool:web_search", "thinking.signature". */
  feature: string;
  detail: string;
}
