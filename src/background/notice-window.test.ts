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
});
