import { describe, expect, it } from 'vitest';
import { NoticeWindow } from './notice-window';

describe('NoticeWindow', () => {
  it('counts a run of alerts per site while they keep coming within the window, and starts again after a pause', () => {
    const window = new NoticeWindow(60_000);
    expect(window.add('https://a.example', 1, 0)).toBe(1);
    // 200 reports a few milliseconds apart: one run.
    let count = 1;
    for (let i = 1; i <= 200; i++) count = window.add('https://a.example', 1, i * 8);
    expect(count).toBe(201);
    expect(window.add('https://b.example', 2, 1_700)).toBe(2);
    expect(window.add('https://a.example', 3, 1_600 + 59_999)).toBe(204);
    expect(window.add('https://a.example', 1, 1_600 + 59_999 + 60_000)).toBe(1);
    // A clock that went back starts a new run rather than counting into the old one.
    expect(window.add('https://b.example', 1, 0)).toBe(1);
  });

  it('starts each run at its first alert: a later run is a new notification, never one replacing an earlier run', () => {
    const window = new NoticeWindow(60_000);
    window.add('https://a.example', 1, 1_000);
    window.add('https://a.example', 1, 30_000);
    expect(window.runStart('https://a.example')).toBe(1_000);
    // Five minutes later: Carol's ghost device must not replace the notification of Bob's changed key.
    window.add('https://a.example', 1, 330_000);
    expect(window.runStart('https://a.example')).toBe(330_000);
    expect(window.runStart('https://b.example')).toBe(0);
  });
});
