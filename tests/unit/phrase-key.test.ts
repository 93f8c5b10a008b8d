import { describe, expect, it } from 'vitest';
import { phraseKey } from '@/utils/engine/phrase-key';

describe('phraseKey', () => {
  it.each([
    ['Internal Customers', 'internal customers'],
    ['internal-customers', 'internal customers'],
    ['internal\u00A0\n customers', 'internal customers'],
    ['inter\u00ADnal cus\u200Btomers', 'internal customers'],
    ['customer/supplier relationship', 'customer supplier relationship'],
    ['customer–supplier relationship', 'customer supplier relationship'],
  ])('%j → %j', (input, key) => {
    expect(phraseKey(input)).toBe(key);
  });
});
