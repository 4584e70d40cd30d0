// Whether the background that took this script's last text is still the one
// running. A stopped worker (Chrome stops an idle one after about 30 seconds)
// or a Firefox event page that was unloaded forgets every text it held, and a
// change sent against one is answered "send it whole": a second trip, with the
// whole text, while the woken background waits for it. A port to the background
// closes when the background stops, so a sender that holds one knows, at its
// next report, to send the whole text at once. The port carries nothing, and an
// idle port keeps neither browser's background running. It is opened only along
// with a report, which wakes the background anyway; a port that closed is not
// opened again until the next report.
/** One background's life, as seen from here: `running` turns false, for good, when it stops. */
export interface LifeToken {
  readonly running: boolean;
}

/** Opens a port to the background; `onClosed` runs when it closes (or cannot open). */
export type Connect = (onClosed: () => void) => void;

export class BackgroundLife {
  private current: { running: boolean } | null = null;

  constructor(private readonly connect: Connect) {}

  /** The running background's token, opening a port to it when none is open. */
  watch(): LifeToken {
    if (this.current?.running) return this.current;
    const token = { running: true };
    this.current = token;
    try {
      this.connect(() => {
        token.running = false;
      });
    } catch {
      // The extension went away (updated, disabled): no background to build on.
      token.running = false;
    }
    return token;
  }
}
