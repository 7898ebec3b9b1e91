import { describe, expect, it } from 'vitest';
import { decisionErrorsForForm, decisionErrorsFromQuery } from '@/server/consent/decision-errors';

describe('decision errors carried in the page address', () => {
  it('reads known codes once each and ignores everything else', () => {
    expect(decisionErrorsFromQuery('transmission,thirdCountryTransfer,transmission')).toEqual(['transmission', 'thirdCountryTransfer']);
    expect(decisionErrorsFromQuery('pageUsed,<script>,')).toEqual(['pageUsed']);
    expect(decisionErrorsFromQuery(['transmission'])).toEqual([]);
    expect(decisionErrorsFromQuery(undefined)).toEqual([]);
  });

  it('links field errors to their box and leaves page errors unlinked', () => {
    expect(decisionErrorsForForm(['recording', 'badToken'], (code) => `msg:${code}`)).toEqual([
      { field: 'recording', message: 'msg:recording' },
      { field: '', message: 'msg:badToken' },
    ]);
  });
});
