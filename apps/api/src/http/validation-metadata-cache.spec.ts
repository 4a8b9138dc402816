import { getMetadataStorage, IsInt, IsString, MaxLength, validate } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache.js';

class Base {
  @IsString()
  name: unknown;
}

class Child extends Base {
  @IsInt()
  count: unknown;

  @MaxLength(3)
  override name: unknown;
}

const make = <T extends object>(type: new () => T, values: Record<string, unknown>): T => Object.assign(new type(), values);

const failures = async (object: object): Promise<string[]> =>
  (await validate(object, { whitelist: true, forbidNonWhitelisted: true })).flatMap((error) =>
    Object.keys(error.constraints ?? {}).map((constraint) => `${error.property}:${constraint}`),
  ).sort();

describe('class-validator rules kept per class', () => {
  const samples = (): object[] => [
    make(Child, { name: 'abcd', count: 'x', extra: 1 }),
    make(Child, { name: 7, count: 2 }),
    make(Child, { name: 'ab', count: 2 }),
    make(Base, { name: 5 }),
  ];
  let uncached: string[][];

  beforeAll(async () => {
    uncached = await Promise.all(samples().map(failures));
    cacheValidationMetadata();
    cacheValidationMetadata(); // a second app in the same process changes nothing
  });

  it('validates exactly as without the cache, inherited rules included', async () => {
    expect(uncached[0]).toEqual(['count:isInt', 'extra:whitelistValidation', 'name:maxLength']);
    expect(await Promise.all(samples().map(failures))).toEqual(uncached);
    expect(await Promise.all(samples().map(failures))).toEqual(uncached);
  });

  it('works a class out once', () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Child, undefined as unknown as string, false, false);
    expect(storage.getTargetValidationMetadatas(Child, undefined as unknown as string, false, false)).toBe(first);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
  });

  it('takes a rule added later into account', async () => {
    expect(await failures(make(Child, { name: 'ab', count: 2, late: 'x' }))).toEqual(['late:whitelistValidation']);
    IsInt()(Child.prototype, 'late');
    expect(await failures(make(Child, { name: 'ab', count: 2, late: 'x' }))).toEqual(['late:isInt']);
  });
});
