/** A time window drawn as a band behind the operations: a fault (partition, crash) while it lasted. */
export interface VisualizationAnnotation {
  startNs: number;
  endNs: number;
  label: string;
  kind?: string;
}
