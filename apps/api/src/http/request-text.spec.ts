import { illFormedRequestText } from './request-text.js';

describe('text in the query and the headers', () => {
  it.each([
    ['/api/v1/cases', null],
    ['/api/v1/cases?', null],
    ['/api/v1/cases?status=open&limit=5', null],
    ['/api/v1/admin/access-log?actor=kari%40stolav&flag', null],
    ['/x?name=Synn%C3%B8ve+Fjellheim', null],
    ['/x?emoji=%F0%9F%98%80', null],
    ['/x?actor=a%00', 'actor'],
    ['/x?actor=a%00b&limit=1', 'actor'],
    ['/x?limit=1&to=%FF', 'to'],
    ['/x?surrogate=%ED%A0%80', 'surrogate'],
    ['/x?broken=%E0%A4%A', 'broken'],
    ['/x?na%00me=1', 'na%00me'],
    ['/x?%FF=1', '%FF'],
  ])('%s → %s', (url, field) => {
    expect(illFormedRequestText(url, {})?.field ?? null).toBe(field);
  });

  it('names a header that holds a NUL', () => {
    expect(illFormedRequestText('/x', { 'x-correlation-id': 'a\u0000b' })).toEqual({
      field: 'x-correlation-id',
      message: 'the header x-correlation-id must not hold NUL characters',
    });
    expect(illFormedRequestText('/x', { 'set-cookie': ['ok', 'a\u0000'] })?.field).toBe('set-cookie');
    expect(illFormedRequestText('/x', { accept: 'application/json', 'x-name': 'Ærlig' })).toBeNull();
  });
});
