import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Metadata = ReturnType<Storage['getTargetValidationMetadatas']>;
type Grouped = ReturnType<Storage['groupByPropertyName']>;

const cached = new WeakSet<Storage>();

/**
 * class-validator works out a class's rules again on every object it validates, walking every decorated class to
 * find its parents, and groups them by property again: about 2% of the API's CPU under the bench:api load. The
 * rules of a class only change when a decorator adds one (at import), so both answers are kept per class, and all
 * are forgotten whenever a rule is added. Calls with a schema or groups (which the API does not use) are not kept.
 */
export const cacheValidationMetadata = (storage: Storage = getMetadataStorage()): void => {
  if (cached.has(storage)) return;
  cached.add(storage);
  const compute = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let rules = new Map<string, Map<Function, Metadata>>();
  let grouped = new WeakMap<Metadata, Grouped>();

  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    if (schema !== undefined || (groups !== undefined && groups.length > 0)) {
      return compute(target, schema, always, strictGroups, groups);
    }
    const options = `${always}/${strictGroups}`;
    let byClass = rules.get(options);
    if (!byClass) rules.set(options, (byClass = new Map()));
    let metadata = byClass.get(target);
    if (!metadata) byClass.set(target, (metadata = compute(target, schema, always, strictGroups, groups)));
    return metadata;
  };
  storage.groupByPropertyName = (metadata) => {
    let byProperty = grouped.get(metadata);
    if (!byProperty) grouped.set(metadata, (byProperty = group(metadata)));
    return byProperty;
  };
  storage.addValidationMetadata = (metadata) => {
    rules = new Map();
    grouped = new WeakMap();
    add(metadata);
  };
};
