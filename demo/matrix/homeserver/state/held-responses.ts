// Responses a test holds back: a client-server request whose endpoint ends
// with a held path (e.g. "members") is answered only once the hold is
// released, so a test can look at what the client, and what watches it, shows
// in between. In-process only (tests reach it through `Homeserver.held`).

export class HeldResponses {
  private readonly holds = new Map<string, { released: Promise<void>; release: () => void }>();

  /** Holds requests whose endpoint is `path` or ends with `/path`; returns the release. */
  hold(path: string): () => void {
    this.holds.get(path)?.release();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const entry = { released, release: () => release() };
    this.holds.set(path, entry);
    return () => {
      if (this.holds.get(path) === entry) this.holds.delete(path);
      entry.release();
    };
  }

  /** Waits while a hold covers this endpoint. */
  async wait(endpoint: string): Promise<void> {
    for (const [path, { released }] of this.holds) if (endpoint === path || endpoint.endsWith(`/${path}`)) await released;
  }
}
