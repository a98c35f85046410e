/** Port over the browser so the stage stays testable and this package free of playwright; the runtime wires @ingest/render. */
export interface PageRenderer {
  render(input: {
    url: string;
    document: { status: number; headers: Record<string, string>; body: Buffer };
    screenshot?: boolean;
    signal?: AbortSignal;
  }): Promise<{ html: string; consent: string | null; screenshot: Buffer | null; requests: { fetched: number; refused: number; failed: number } }>;
  close(): Promise<void>;
}
