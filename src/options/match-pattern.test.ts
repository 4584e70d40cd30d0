import { describe, expect, it } from 'vitest';
import { matchPatternFor } from './match-pattern';

describe('matchPatternFor', () => {
  it('turns a web client address into its host pattern', () => {
    expect(matchPatternFor('https://chat.example.org/#/room/!a:b')).toBe('https://chat.example.org/*');
    expect(matchPatternFor(' https://chat.example.org ')).toBe('https://chat.example.org/*');
    expect(matchPatternFor('http://localhost:8080/')).toBe('http://localhost/*');
  });
  it('refuses plain http on the internet and anything that is not an address', () => {
    expect(matchPatternFor('http://chat.example.org')).toBeNull();
    expect(matchPatternFor('chat.example.org')).toBeNull();
    expect(matchPatternFor('javascript:alert(1)')).toBeNull();
    expect(matchPatternFor('')).toBeNull();
  });
});
