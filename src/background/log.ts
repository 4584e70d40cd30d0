// Refusals are logged with their reason so a user or developer can see why a
// page's report was not taken; nothing from the page is echoed in full.
const PREFIX = '[KeyWatch]';

export const log = {
  refused(reason: string, sender: string): void {
    console.warn(`${PREFIX} refused (${sender}): ${reason}`);
  },
  error(what: string, error: unknown): void {
    console.error(`${PREFIX} ${what}:`, error);
  },
  info(what: string): void {
    console.info(`${PREFIX} ${what}`);
  },
};
