import { describe, expect, it } from 'vitest';
import { HotCache } from './hot.ts';

describe('HotCache', () => {
  it('answers for ttlMs after a put, then forgets', () => {
    const hot = new HotCache<string>(1000, 10);
    hot.set('search:lanterns', 'a', 5000);
    expect(hot.get('search:lanterns', 5999)).toBe('a');
    expect(hot.get('search:lanterns', 6000)).toBeUndefined();
    expect(hot.size).toBe(0);
  });

  it('holds at most maxEntries, dropping the oldest first', () => {
    const hot = new HotCache<number>(1000, 3);
    for (let i = 0; i < 5; i++) hot.set(`k${i}`, i, 100 + i);
    expect(hot.size).toBe(3);
    expect([0, 1, 2, 3, 4].map((i) => hot.get(`k${i}`, 200))).toEqual([undefined, undefined, 2, 3, 4]);
  });

  it('a put again starts the entry\'s time over and makes it the newest', () => {
    const hot = new HotCache<string>(1000, 2);
    hot.set('a', 'old', 0);
    hot.set('b', 'b', 10);
    hot.set('a', 'new', 20);
    hot.set('c', 'c', 30); // the oldest now is b
    expect(hot.get('b', 40)).toBeUndefined();
    expect(hot.get('a', 1019)).toBe('new');
  });

  it('drops expired entries as new ones come in, even below the limit', () => {
    const hot = new HotCache<string>(1000, 100);
    for (let i = 0; i < 50; i++) hot.set(`k${i}`, 'x', i);
    hot.set('later', 'y', 5000);
    expect(hot.size).toBe(1);
  });
});
