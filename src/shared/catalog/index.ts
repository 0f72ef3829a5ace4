export * from './offence';
export * from './articles';
export * from './sync';
export { BUILTIN_BY_CATEGORY, BUILTIN_OFFENCES } from './builtin';
