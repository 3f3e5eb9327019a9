/** class-transformer keeps `@Type` metadata in this module, which its package types do not declare. */
declare module 'class-transformer/cjs/storage' {
  export const defaultMetadataStorage: import('class-transformer/types/MetadataStorage').MetadataStorage;
}
