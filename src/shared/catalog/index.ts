export * from './offence';
export * from './articles';
export * from './sync';
export * from './search';
export { BUILTIN_BY_CATEGORY, BUILTIN_OFFENCES } from './builtin';
