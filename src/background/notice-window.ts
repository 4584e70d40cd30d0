// How many critical alerts a site raised in a row, for one notification per site:
// a page that raises one alert per report (a ghost device, then another...) must
// not bury the first warning under hundreds of system notifications. A run lasts
// while alerts keep coming within the window of each other. Kept in the worker's
// memory only: a stopped worker starts a new run, which costs one more notification.

export class NoticeWindow {
  private readonly runs = new Map<string, { at: number; count: number; start: number }>();

  constructor(private readonly windowMs: number) {}

  /** Adds `raised` alerts of `site` at `now`; how many the run holds now, these included. */
  add(site: string, raised: number, now: number): number {
    const run = this.runs.get(site);
    const going = run !== undefined && now >= run.at && now - run.at < this.windowMs;
    const count = (going ? run.count : 0) + raised;
    this.runs.set(site, { at: now, count, start: going ? run.start : now });
    return count;
  }

  /** When the site's current run began: a new run is a new notification, never one replacing an earlier run's. */
  runStart(site: string): number {
    return this.runs.get(site)?.start ?? 0;
  }
}
