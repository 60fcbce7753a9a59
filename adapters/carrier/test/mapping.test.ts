import { describe, expect, it } from 'vitest';
import { UPS_STATUS } from '../../../legacy/carrier/src/index.ts';
import { activityInstant, sourceStatusOf, toTrackingStatus } from '../src/mapping.ts';

describe('UPS status → canonical', () => {
  it.each(Object.entries(UPS_STATUS))('maps the simulator rendering of %s back to it', (canonical, ups) => {
    expect(toTrackingStatus({ type: ups.type, code: ups.code, statusCode: ups.statusCode })).toBe(canonical);
    // currentStatus carries the three-digit code in `code` as well.
    expect(toTrackingStatus({ code: ups.statusCode })).toBe(canonical);
  });

  it('reads codes UPS sends that the simulator does not', () => {
    expect(toTrackingStatus({ type: 'I', statusCode: '072' })).toBe('OUT_FOR_DELIVERY');
    expect(toTrackingStatus({ type: 'I', statusCode: '060' })).toBe('FAILURE');
    expect(toTrackingStatus({ type: 'D', statusCode: '040' })).toBe('AVAILABLE_FOR_PICKUP');
    expect(toTrackingStatus({ type: 'P', code: 'PU' })).toBe('IN_TRANSIT');
    expect(toTrackingStatus({ type: ' X ' })).toBe('FAILURE');
  });

  it('says UNKNOWN rather than guessing', () => {
    expect(toTrackingStatus(undefined)).toBe('UNKNOWN');
    expect(toTrackingStatus({})).toBe('UNKNOWN');
    expect(toTrackingStatus({ type: 'ZZ', statusCode: '999' })).toBe('UNKNOWN');
  });

  it('keeps the source status as type/code', () => {
    expect(sourceStatusOf({ type: 'D', code: 'FS', statusCode: '011' })).toBe('D/011');
    expect(sourceStatusOf({ code: '161' })).toBe('161');
    expect(sourceStatusOf(undefined)).toBe('');
  });
});

describe('activity instants', () => {
  it('prefers the GMT date and time', () => {
    expect(activityInstant({ date: '20261029', time: '130209', gmtDate: '20261029', gmtTime: '050209', gmtOffset: '+08:00' })).toBe(
      '2026-10-29T05:02:09.000Z',
    );
  });

  it('pads a five-digit time (UPS drops the leading zero)', () => {
    expect(activityInstant({ gmtDate: '20210210', gmtTime: '74700' })).toBe('2021-02-10T07:47:00.000Z');
  });

  it('corrects local time by the offset when GMT is missing', () => {
    expect(activityInstant({ date: '20210210', time: '071356', gmtOffset: '-05:00' })).toBe('2021-02-10T12:13:56.000Z');
    expect(activityInstant({ date: '20210210', time: '071356' })).toBe('2021-02-10T07:13:56.000Z');
  });

  it('gives up on a scan without a date', () => {
    expect(activityInstant({ time: '071356' })).toBeUndefined();
    expect(activityInstant({ date: '2021' })).toBeUndefined();
  });
});
