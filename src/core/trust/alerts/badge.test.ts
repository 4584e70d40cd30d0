import { describe, expect, it } from 'vitest';
import { badgeFor, BADGE_COLORS } from './badge';
import type { Severity } from '../rules';

const open = (severity: Severity) => ({ state: 'open' as const, severity });
const closed = (severity: Severity) => ({ state: 'acknowledged' as const, severity });

describe('badge', () => {
  it('is empty with nothing open', () => {
    expect(badgeFor([])).toEqual({ text: '', color: '', severity: null });
    expect(badgeFor([closed('critical'), closed('warning')])).toEqual({ text: '', color: '', severity: null });
  });

  it('counts open warnings and critical alerts, coloured by the worst', () => {
    expect(badgeFor([open('warning'), open('warning'), closed('critical')])).toEqual({
      text: '2',
      color: BADGE_COLORS.warning,
      severity: 'warning',
    });
    expect(badgeFor([open('warning'), open('critical'), open('info')])).toEqual({
      text: '2',
      color: BADGE_COLORS.critical,
      severity: 'critical',
    });
  });

  it('leaves information alone unless asked to count it', () => {
    expect(badgeFor([open('info')])).toEqual({ text: '', color: '', severity: null });
    expect(badgeFor([open('info')], { countInfo: true })).toEqual({ text: '1', color: BADGE_COLORS.info, severity: 'info' });
  });

  it('fits large counts in three characters', () => {
    expect(badgeFor(Array.from({ length: 99 }, () => open('critical'))).text).toBe('99');
    expect(badgeFor(Array.from({ length: 1000 }, () => open('critical'))).text).toBe('99+');
  });

  it('uses red, amber and blue', () => {
    expect(BADGE_COLORS).toEqual({ critical: '#c5221f', warning: '#e37400', info: '#1a73e8' });
  });
});
